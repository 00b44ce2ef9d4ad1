package io.paratune.bench;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;

/**
 * A random sampler that, like a model-based sampler (TPE, GP), reads the study's finished trials
 * before each proposal: the cost of that read is what the ask-time benchmark watches as the study
 * grows.
 */
final class HistoryReadingSampler implements Sampler {
    private final RandomSampler random;

    HistoryReadingSampler(long seed) {
        this.random = RandomSampler.seeded(seed);
    }

    @Override
    public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        study.completed(); // the read a model-based sampler makes
        return SearchSpace.empty();
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return random.sampleIndependent(study, trial, name, distribution);
    }
}
