package dev.tradelake.launcher.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine a run came from: figures from a shared 2-core box mean little without the load
 * average that was on it.
 */
public record MachineInfo(int cores, long memoryMb, String cpu, String java, String os, List<Double> loadAverage) {

    public static MachineInfo capture() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                totalMemoryMb(),
                cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                loadAverageNow());
    }

    /** The 1, 5 and 15 minute load averages (only the first where /proc is absent). */
    public static List<Double> loadAverageNow() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (IOException | RuntimeException e) {
            return List.of(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    public String describe() {
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %,d MB memory, %s, %s; load average %s",
                cores,
                cpu,
                memoryMb,
                java,
                os,
                loads(loadAverage));
    }

    static String loads(List<Double> load) {
        List<String> parts = new ArrayList<>();
        for (double l : load) {
            parts.add(String.format(Locale.ROOT, "%.2f", l));
        }
        return String.join(" ", parts);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("memory_mb", memoryMb);
        m.put("cpu", cpu);
        m.put("java", java);
        m.put("os", os);
        m.put("load_average_at_start", loadAverage);
        return m;
    }

    private static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return -1;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
