package io.paratune.sampler.gp;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a GP proposal must avoid and condition on: the points every trial holds ({@code taken}, as
 * {@link SpaceEncoding#key} keys) and the encoded points of the running trials ({@code pending}).
 */
record Pending(Set<List<Double>> taken, List<double[]> pending) {
    /**
     * The taken and pending points of {@code study} in the encoded space; a running trial that has
     * not yet written its parameters counts with this sampler's own proposal for it, if any.
     */
    static Pending of(StudyView study, SpaceEncoding enc, Map<Integer, Map<String, Double>> proposals) {
        Set<List<Double>> taken = new HashSet<>();
        for (FrozenTrial t : study.trials()) {
            double[] v = enc.internalValues(t.internalParams(), t.distributions());
            if (v != null) {
                taken.add(SpaceEncoding.key(v));
            }
        }
        List<double[]> pending = new ArrayList<>();
        for (FrozenTrial t : study.running()) {
            double[] v = enc.internalValues(t.internalParams(), t.distributions());
            if (v == null) {
                Map<String, Double> own = proposals.get(t.number());
                v = own == null ? null : enc.internalValues(own, null);
            }
            if (v != null) {
                taken.add(SpaceEncoding.key(v));
                pending.add(enc.encode(v));
            }
        }
        return new Pending(taken, pending);
    }
}
