package dev.tradelake.flink;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster every job test runs on: one task manager with two slots, so parallelism 2. */
final class MiniClusters {
    static final int PARALLELISM = 2;

    private MiniClusters() {}

    static MiniClusterExtension parallelismTwo() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(PARALLELISM)
                .build());
    }
}
