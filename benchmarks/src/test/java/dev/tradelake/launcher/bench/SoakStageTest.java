package dev.tradelake.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakStageTest {

    @Test
    void aSawtoothHeapDoesNotGrowButARisingFloorDoes() {
        // Warm-up, then a heap that fills and is collected back to the same floor.
        List<Long> sawtooth = List.of(10L, 50L, 100L, 300L, 100L, 300L, 100L, 300L, 100L, 300L);
        assertThat(SoakStage.floorGrowthPercent(sawtooth)).isCloseTo(0, within(1e-9));
        List<Long> leaking = List.of(10L, 50L, 100L, 300L, 120L, 320L, 140L, 340L, 160L, 360L);
        assertThat(SoakStage.floorGrowthPercent(leaking)).isCloseTo(60, within(1e-9));
    }
}
