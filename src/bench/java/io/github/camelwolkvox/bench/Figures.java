package io.github.camelwolkvox.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The rows of the result table and the small statistics they need. */
final class Figures {

    /** One line of the table; {@code pass} is null for a figure with no target. */
    record Row(String item, String figure, String target, Boolean pass) {
        String verdict() {
            return pass == null ? "-" : pass ? "PASS" : "FAIL";
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String item, String figure, String target, Boolean pass) {
        Row row = new Row(item, figure, target, pass);
        rows.add(row);
        // Printed as soon as measured, so a long run shows progress and a crash keeps what was measured.
        System.out.printf("  %-58s %-34s %-12s %s%n", row.item(), row.figure(), row.target(), row.verdict());
    }

    void info(String item, String figure) {
        add(item, figure, "", null);
    }

    boolean anyFailed() {
        return rows.stream().anyMatch(r -> Boolean.FALSE.equals(r.pass()));
    }

    /** The table as Markdown, for the README and target/bench/results.md. */
    String markdown() {
        StringBuilder md = new StringBuilder("| measure | figure | target | verdict |\n| --- | --- | --- | --- |\n");
        rows.forEach(r -> md.append("| ").append(r.item()).append(" | ").append(r.figure()).append(" | ")
                .append(r.target()).append(" | ").append(r.verdict()).append(" |\n"));
        return md.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** "median (min-max)" of a series, for the figure column. */
    static String spread(List<Double> values, String pattern) {
        return fmt(pattern, median(values)) + " (" + fmt(pattern, Collections.min(values)) + "-"
                + fmt(pattern, Collections.max(values)) + ")";
    }
}
