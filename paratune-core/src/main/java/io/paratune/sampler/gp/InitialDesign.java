package io.paratune.sampler.gp;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.TrialState;
import io.paratune.internal.ScrambledSobol;
import io.paratune.sampler.RandomSampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GP sampler's initial design: the first trials take consecutive points of one scrambled Sobol
 * sequence, claimed through the study's {@link #COUNTER} so that parallel workers get distinct,
 * evenly spread points.
 */
final class InitialDesign {
    /** The study's sequence counter of the initial design's points. */
    static final String COUNTER = "gp_init";

    private static final int DEFAULT_CAP = 10;

    /** The design size given, or null for {@code min(2(d+1), 10)}. */
    private final Integer size;

    private final ScrambledSobol sobol;
    /** Draws the coordinates beyond the Sobol sequence's dimensions. */
    private final RandomSampler independent;

    InitialDesign(Integer size, long seed, RandomSampler independent) {
        this.size = size;
        this.sobol = new ScrambledSobol(true, seed);
        this.independent = independent;
    }

    /** The initial design size for d joint parameters. */
    int size(int d) {
        return size != null ? size : Math.min(2 * (d + 1), DEFAULT_CAP);
    }

    /**
     * The phase of a trial starting in the joint {@code space}: the index of its point when the
     * design is not yet complete (nothing completed, no joint space, or fewer trials finished and
     * running than the design size), claimed from the study's counter; else {@link
     * GpStudyState#GP_PHASE}.
     */
    long phase(StudyView study, SearchSpace space) {
        List<FrozenTrial> completed = study.completed();
        int busy = completed.size()
                + study.trials(EnumSet.of(TrialState.PRUNED)).size()
                + study.running().size();
        boolean init = completed.isEmpty() || space.isEmpty() || busy < size(space.size());
        return init ? study.nextSequenceValue(COUNTER) : GpStudyState.GP_PHASE;
    }

    /** The point of design index {@code index} in {@code space}. */
    Map<String, Double> point(StudyView study, FrozenTrial trial, GpStudyState state, long index, SearchSpace space) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Distribution d : space.distributions().values()) {
            out.put(d.name(), value(study, trial, state, index, d.name(), d));
        }
        return out;
    }

    /**
     * The value of parameter {@code name} at design index {@code index}: its own coordinate of the
     * Sobol point, or a uniform draw beyond the sequence's dimensions.
     */
    double value(StudyView study, FrozenTrial trial, GpStudyState state, long index, String name, Distribution d) {
        int coordinate = state.coordinate(name);
        if (coordinate >= ScrambledSobol.MAX_DIMENSION) {
            return independent.sampleIndependent(study, trial, name, d);
        }
        return d.fromUnit(sobol.point(index, coordinate + 1)[coordinate]);
    }
}
