package dev.tradelake.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peak resident memory of processes, from Linux's {@code VmHWM} ("high water mark") in
 * {@code /proc/<pid>/status}. Uses only the JDK: it also runs inside child JVMs.
 */
public final class PeakRss implements AutoCloseable {

    private final ProcessHandle root;
    private final Map<Long, Long> peakKbByPid = new ConcurrentHashMap<>();
    private final Map<Long, String> commandByPid = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private PeakRss(ProcessHandle root) {
        this.root = root;
        this.thread = new Thread(this::poll, "bench-peak-rss");
        this.thread.setDaemon(true);
    }

    /**
     * Watches {@code root} and its descendants until closed. The high water mark only grows, but a
     * process that has exited cannot be read: polling keeps the last value seen.
     */
    public static PeakRss watch(ProcessHandle root) {
        PeakRss watcher = new PeakRss(root);
        watcher.thread.start();
        return watcher;
    }

    /** VmHWM of a live process, in kB; empty when it has exited or /proc is absent. */
    public static OptionalLong kb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D+", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return OptionalLong.empty();
    }

    /** This JVM's own peak, in kB. */
    public static OptionalLong selfKb() {
        return kb(ProcessHandle.current().pid());
    }

    private void poll() {
        while (running) {
            sample();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        record(root);
        root.descendants().forEach(this::record);
    }

    private void record(ProcessHandle p) {
        kb(p.pid()).ifPresent(kb -> {
            peakKbByPid.merge(p.pid(), kb, Math::max);
            commandByPid.computeIfAbsent(
                    p.pid(),
                    pid -> p.info()
                            .command()
                            .map(c -> Path.of(c).getFileName().toString())
                            .orElse("?"));
        });
    }

    /** The root's peak in kB, sampled once more now if it is still alive. */
    public long rootKb() {
        if (root.isAlive()) {
            record(root);
        }
        return peakKbByPid.getOrDefault(root.pid(), -1L);
    }

    /** Every descendant's peak in kB, by "command pid". */
    public Map<String, Long> descendantsKb() {
        Map<String, Long> out = new TreeMap<>();
        peakKbByPid.forEach((pid, kb) -> {
            if (pid != root.pid()) {
                out.put(commandByPid.getOrDefault(pid, "?") + " " + pid, kb);
            }
        });
        return out;
    }

    @Override
    public void close() {
        if (root.isAlive()) {
            sample();
        }
        running = false;
        thread.interrupt();
    }
}
