package dev.tradelake.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradelake.launcher.testing.TerraformFiles;
import org.junit.jupiter.api.Test;

class MemoryStageTest {

    @Test
    void theLambdaCeilingIsTheFunctionMemoryTerraformDeploys() throws Exception {
        assertThat(((Number) TerraformFiles.variableDefault("lambda_memory_mb")).intValue())
                .isEqualTo(MemoryStage.LAMBDA_MEMORY_MB);
    }
}
