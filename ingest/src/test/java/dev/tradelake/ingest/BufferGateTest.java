package dev.tradelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferGateTest {

    @Test
    void acquireWaitsUntilEnoughIsReleased() throws Exception {
        BufferGate gate = new BufferGate(10);
        assertThat(gate.acquire(8)).isTrue();

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.acquire(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        gate.release(2);
        Thread.sleep(50);
        assertThat(waiting).isNotDone(); // 6 taken + 5 > 10

        gate.release(3);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.used()).isEqualTo(8);
        assertThat(gate.blockedNanos()).isPositive();
    }

    @Test
    void abortRefusesWaitersAndLeavesTheCountForTheReport() throws Exception {
        BufferGate gate = new BufferGate(4);
        gate.acquire(4);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.acquire(1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);

        gate.abort();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(gate.used()).isEqualTo(4);
        assertThat(gate.awaitEmpty(10)).isFalse();
    }

    @Test
    void awaitEmptyReturnsWhenEverythingIsReleasedOrTimesOut() throws Exception {
        BufferGate gate = new BufferGate(4);
        assertThat(gate.awaitEmpty(1)).isTrue();
        gate.acquire(3);
        assertThat(gate.awaitEmpty(20)).isFalse();

        CompletableFuture.runAsync(() -> gate.release(3), CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));

        assertThat(gate.awaitEmpty(5_000)).isTrue();
    }

    @Test
    void refusesRequestsLargerThanTheCapacityAndOverReleases() {
        BufferGate gate = new BufferGate(4);
        assertThatThrownBy(() -> gate.acquire(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> gate.release(1)).isInstanceOf(IllegalStateException.class);
    }
}
