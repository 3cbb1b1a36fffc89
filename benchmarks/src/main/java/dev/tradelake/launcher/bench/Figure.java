package dev.tradelake.launcher.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One measured figure, next to what it must be judged against (measured in the same run when it
 * is a ceiling or a baseline), and the target it has, if any.
 *
 * @param stage     the stage that measured it: ingest, lambda, flink, e2e, latency, memory, jmh
 * @param key       a stable snake_case name for the JSON file
 * @param name      what a person reads in the table
 * @param reference the ceiling or baseline, in the same unit; null when there is none
 * @param target    null when there is none
 * @param details   anything else worth keeping in the JSON file (counts, settings, sub-figures)
 */
public record Figure(
        String stage,
        String key,
        String name,
        double value,
        String unit,
        Reference reference,
        Target target,
        Map<String, Object> details) {

    public Figure {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Figure of(String stage, String key, String name, double value, String unit) {
        return new Figure(stage, key, name, value, unit, null, null, Map.of());
    }

    public Figure against(Reference newReference) {
        return new Figure(stage, key, name, value, unit, newReference, target, details);
    }

    public Figure target(Target newTarget) {
        return new Figure(stage, key, name, value, unit, reference, newTarget, details);
    }

    public Figure details(Map<String, Object> newDetails) {
        Map<String, Object> merged = new LinkedHashMap<>(details);
        merged.putAll(newDetails);
        return new Figure(stage, key, name, value, unit, reference, target, merged);
    }

    /** The figure divided by its ceiling or baseline. */
    public Optional<Double> ratio() {
        if (reference == null || reference.value() == 0 || Double.isNaN(reference.value())) {
            return Optional.empty();
        }
        return Optional.of(value / reference.value());
    }

    public Optional<Boolean> met() {
        return target == null ? Optional.empty() : Optional.of(target.isMetBy(this));
    }

    /**
     * What a figure is judged against.
     *
     * @param kind a CEILING is what the figure could reach at best (ratio printed as a percentage);
     *             a BASELINE is something to compare with (ratio printed as a factor)
     */
    public record Reference(String name, double value, Kind kind) {
        public enum Kind {
            CEILING,
            BASELINE
        }

        public static Reference ceiling(String name, double value) {
            return new Reference(name, value, Kind.CEILING);
        }

        public static Reference baseline(String name, double value) {
            return new Reference(name, value, Kind.BASELINE);
        }
    }

    /** A target from the issue: on the value itself, or on the ratio to the ceiling. */
    public record Target(Kind kind, double threshold, String text) {
        public enum Kind {
            AT_LEAST,
            BELOW,
            RATIO_AT_LEAST
        }

        public static Target atLeast(double threshold, String text) {
            return new Target(Kind.AT_LEAST, threshold, text);
        }

        public static Target below(double threshold, String text) {
            return new Target(Kind.BELOW, threshold, text);
        }

        public static Target ratioAtLeast(double threshold, String text) {
            return new Target(Kind.RATIO_AT_LEAST, threshold, text);
        }

        boolean isMetBy(Figure f) {
            return switch (kind) {
                case AT_LEAST -> f.value() >= threshold;
                case BELOW -> f.value() < threshold;
                case RATIO_AT_LEAST -> f.ratio().map(r -> r >= threshold).orElse(false);
            };
        }
    }
}
