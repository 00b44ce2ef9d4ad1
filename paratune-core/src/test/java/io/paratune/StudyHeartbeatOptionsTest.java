package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.storage.Storage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Heartbeat options are checked before a study is created (heartbeats themselves are tested with the JDBC storage). */
class StudyHeartbeatOptionsTest {

    @Test
    void aStorageWithoutHeartbeatsIsRefusedBeforeTheStudyIsCreated() {
        Storage memory = Storage.inMemory();
        assertThatThrownBy(() -> Study.builder()
                        .name("s")
                        .storage(memory)
                        .heartbeat(Duration.ofSeconds(10), Duration.ofMinutes(1))
                        .create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not record heartbeats");
        assertThat(memory.studies()).isEmpty();
    }

    @Test
    void maxRetriesNeedsHeartbeats() {
        assertThatThrownBy(() -> Study.builder().name("s").maxRetries(2).create())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("also set heartbeat(interval, grace)");
    }

    @Test
    void badHeartbeatOptionsNameTheValueAndTheFix() {
        assertThatThrownBy(() -> Study.builder().maxRetries(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetries=-1");
        assertThatThrownBy(() -> new HeartbeatPolicy(Duration.ofSeconds(10), Duration.ofSeconds(19), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeat grace period=PT19S must be at least twice the interval=PT10S");
        assertThat(new HeartbeatPolicy(Duration.ofSeconds(10), Duration.ofSeconds(20), 0).grace())
                .isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> new HeartbeatPolicy(Duration.ZERO, Duration.ofSeconds(10), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}
