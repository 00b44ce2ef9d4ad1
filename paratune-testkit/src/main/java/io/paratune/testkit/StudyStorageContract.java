package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.DuplicateStudyException;
import io.paratune.FrozenTrial;
import io.paratune.ParatuneException;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialState;
import io.paratune.space.FloatDistribution;
import io.paratune.storage.StudyInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The part of the {@link StorageContract} on studies: creating, finding and deleting them, their
 * attributes and their sequences.
 */
abstract class StudyStorageContract extends StorageContractFixture {
    // ---- studies ----

    @Test
    public void constraintValuesRoundTripThroughTheStudy() {
        io.paratune.Study study =
                io.paratune.Study.builder().name("constrained").storage(storage).create();
        io.paratune.Trial trial = study.ask();
        trial.setConstraints(-0.25, 3.0, 0.0, 1e-300);
        study.tell(trial, 1.0);
        FrozenTrial stored = storage.trials(study.id()).get(0);
        assertThat(stored.constraints()).containsExactly(-0.25, 3.0, 0.0, 1e-300);
        assertThat(stored.isFeasible()).isFalse();
    }

    @Test
    public void createStudyReturnsItsInfoAndFindsItByNameAndId() {
        StudyInfo info = storage.createStudy("mnist", List.of(Direction.MINIMIZE, Direction.MAXIMIZE), T0);
        assertThat(info.name()).isEqualTo("mnist");
        assertThat(info.directions()).containsExactly(Direction.MINIMIZE, Direction.MAXIMIZE);
        assertThat(info.created()).isEqualTo(T0);
        assertThat(storage.study(info.id())).isEqualTo(info);
        assertThat(storage.findStudy("mnist")).contains(info);
        assertThat(storage.findStudy("MNIST")).isEmpty();
    }

    @Test
    public void studiesAreListedInCreationOrderWithDistinctIds() {
        assertThat(storage.studies()).isEmpty();
        StudyInfo b = newStudy("b");
        StudyInfo a = newStudy("a");
        StudyInfo c = newStudy("c");
        assertThat(storage.studies()).extracting(StudyInfo::name).containsExactly("b", "a", "c");
        assertThat(Set.of(a.id(), b.id(), c.id())).hasSize(3);
    }

    @Test
    public void aDuplicateStudyNameIsRefused() {
        StudyInfo first = newStudy("dup");
        assertThatThrownBy(() -> storage.createStudy("dup", List.of(Direction.MAXIMIZE), T1))
                .isInstanceOf(DuplicateStudyException.class)
                .hasMessageContaining("'dup'");
        assertThat(storage.studies()).containsExactly(first);
        assertThat(storage.study(first.id()).directions()).containsExactly(Direction.MINIMIZE);
    }

    @Test
    public void concurrentCreatesOfOneNameMakeOneStudy() throws Exception {
        List<Boolean> created = concurrently(THREADS, i -> {
            try {
                storage.createStudy("race", List.of(Direction.MINIMIZE), T0);
                return true;
            } catch (DuplicateStudyException e) {
                return false;
            }
        });
        assertThat(created).containsOnlyOnce(true);
        assertThat(storage.studies()).hasSize(1);
    }

    @Test
    public void anUnknownStudyIsNotFoundByAnyOperation() {
        newStudy("known");
        long unknown = unknownStudyId();
        assertThat(storage.findStudy("unknown")).isEmpty();
        List<Runnable> operations = List.of(
                () -> storage.study(unknown),
                () -> storage.deleteStudy(unknown),
                () -> storage.setStudyAttribute(unknown, "k", "v"),
                () -> storage.studyAttributes(unknown),
                () -> storage.nextSequenceValue(unknown, "k"),
                () -> storage.createTrial(unknown, TrialState.RUNNING, Map.of(), T0),
                () -> storage.claimWaitingTrial(unknown, T0),
                () -> storage.trialByNumber(unknown, 0),
                () -> storage.trials(unknown));
        for (Runnable op : operations) {
            assertThatThrownBy(op::run).isInstanceOf(StudyNotFoundException.class);
        }
    }

    @Test
    public void deletingAStudyRemovesItAndItsTrialsAndFreesItsName() {
        StudyInfo doomed = newStudy("doomed");
        StudyInfo kept = newStudy("kept");
        FrozenTrial doomedTrial = running(doomed);
        storage.setParam(doomedTrial.id(), "x", 0.5, FloatDistribution.of("x", 0, 1));
        storage.nextSequenceValue(doomed.id(), "grid");
        FrozenTrial keptTrial = running(kept);

        storage.deleteStudy(doomed.id());

        assertThat(storage.studies()).containsExactly(kept);
        assertThat(storage.findStudy("doomed")).isEmpty();
        assertThatThrownBy(() -> storage.study(doomed.id())).isInstanceOf(StudyNotFoundException.class);
        assertThatThrownBy(() -> storage.trials(doomed.id())).isInstanceOf(StudyNotFoundException.class);
        assertThatThrownBy(() -> storage.trial(doomedTrial.id())).isInstanceOf(ParatuneException.class);
        assertThat(storage.trials(kept.id())).extracting(FrozenTrial::id).containsExactly(keptTrial.id());

        StudyInfo again = newStudy("doomed");
        assertThat(storage.trials(again.id())).isEmpty();
        assertThat(running(again).number()).isZero();
        assertThat(storage.nextSequenceValue(again.id(), "grid")).isZero();
        assertThat(storage.studyAttributes(again.id())).isEmpty();
    }

    // ---- study attributes ----

    @Test
    public void studyAttributesHoldJsonLikeValues() {
        StudyInfo s = newStudy("attrs");
        assertThat(storage.studyAttributes(s.id())).isEmpty();
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("layers", List.of(64, 32, List.of(true, "x")));
        nested.put("inner", Map.of("lr", 0.001, "momentum", Arrays.asList(0.9, null)));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("text", "héllo \"quoted\"\n");
        expected.put("int", 7);
        expected.put("long", 1L << 40);
        expected.put("double", -2.5e-7);
        expected.put("bool", true);
        expected.put("null", null);
        expected.put("emptyList", List.of());
        expected.put("emptyMap", Map.of());
        expected.put("nested", nested);
        expected.forEach((k, v) -> storage.setStudyAttribute(s.id(), k, v));
        assertJson(storage.studyAttributes(s.id()), expected);
    }

    @Test
    public void settingAStudyAttributeAgainReplacesIt() {
        StudyInfo s = newStudy("attrs");
        storage.setStudyAttribute(s.id(), "k", "old");
        storage.setStudyAttribute(s.id(), "other", 1);
        storage.setStudyAttribute(s.id(), "k", List.of("new"));
        assertJson(storage.studyAttributes(s.id()), Map.of("k", List.of("new"), "other", 1));
    }

    @Test
    public void nonJsonAttributeValuesAreRefusedNamingTheKey() {
        StudyInfo s = newStudy("attrs");
        storage.setStudyAttribute(s.id(), "k", "kept");
        List<Object> bad = List.of(
                new Object(),
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Map.of(1, "a"),
                List.of("ok", new StringBuilder("no")),
                Map.of("inner", Map.of("deep", new int[] {1})));
        for (Object value : bad) {
            assertThatThrownBy(() -> storage.setStudyAttribute(s.id(), "k", value))
                    .as("value %s", value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'k'");
        }
        assertJson(storage.studyAttributes(s.id()), Map.of("k", "kept"));
    }

    @Test
    public void studyAttributesAreSnapshots() {
        StudyInfo s = newStudy("attrs");
        List<Object> mine = new ArrayList<>(List.of(1, 2));
        storage.setStudyAttribute(s.id(), "list", mine);
        mine.add(3);
        Map<String, Object> before = storage.studyAttributes(s.id());
        storage.setStudyAttribute(s.id(), "later", true);
        assertThat(before).doesNotContainKey("later");
        tryToChange(() -> before.put("x", 1));
        @SuppressWarnings("unchecked")
        List<Object> returned = (List<Object>) before.get("list");
        tryToChange(() -> returned.add(4));
        assertJson(storage.studyAttributes(s.id()), Map.of("list", List.of(1, 2), "later", true));
    }

    // ---- sequences ----

    @Test
    public void sequencesCountFromZeroPerKeyAndPerStudy() {
        StudyInfo a = newStudy("a");
        StudyInfo b = newStudy("b");
        assertThat(storage.nextSequenceValue(a.id(), "grid")).isEqualTo(0);
        assertThat(storage.nextSequenceValue(a.id(), "grid")).isEqualTo(1);
        assertThat(storage.nextSequenceValue(a.id(), "qmc")).isEqualTo(0);
        assertThat(storage.nextSequenceValue(b.id(), "grid")).isEqualTo(0);
        assertThat(storage.nextSequenceValue(a.id(), "grid")).isEqualTo(2);
    }

    @Test
    public void sequenceValuesAreDenseAndUniqueUnderConcurrency() throws Exception {
        StudyInfo s = newStudy("seq");
        int perThread = 150;
        List<List<Long>> got = concurrently(THREADS, i -> {
            List<Long> mine = new ArrayList<>();
            for (int j = 0; j < perThread; j++) {
                mine.add(storage.nextSequenceValue(s.id(), "grid"));
            }
            return mine;
        });
        List<Long> all = got.stream().flatMap(List::stream).sorted().toList();
        assertThat(all)
                .containsExactlyElementsOf(IntStream.range(0, THREADS * perThread)
                        .mapToObj(Long::valueOf)
                        .toList());
        for (List<Long> mine : got) {
            assertThat(mine).as("each worker sees its values increase").isSorted();
        }
    }
}
