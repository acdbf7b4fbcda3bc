package io.github.camelwolkvox.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import io.github.camelwolkvox.ReadmeRunCommand;

/**
 * The module's cost against the limit the token imposes (README "Benchmarks"). Run with
 * {@code mvn -B -Pbench verify}; prints a table of figures and targets and writes it to
 * {@code target/bench/results.md}. Exits 1 when a target is missed.
 *
 * Arguments: the project folder and the runnable jar. Tuning (system properties): bench.runs (7),
 * bench.latency-runs (3), bench.startup-runs (5), bench.calls (1500), bench.lane-calls (150),
 * bench.csv-rows (100000), bench.csv-timeout-minutes (30), bench.guard-calls (1000), bench.only
 * (e.g. "1,2,3" to skip the forked-JVM items; item 6 needs WOLKVOX_TEST_PG_URL).
 */
public final class WolkvoxBenchmark {

    private WolkvoxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path projectDir = Path.of(args[0]).toAbsolutePath();
        Path jar = Path.of(args[1]).toAbsolutePath();
        String only = System.getProperty("bench.only", "1,2,3,4,5,6");
        // The table is the output: the module's own INFO lines would bury it.
        Configurator.setRootLevel(Level.WARN);

        String machine = String.format("%d cores, %d MiB memory, Java %s (%s), %s", Runtime.getRuntime().availableProcessors(),
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() >> 20,
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        System.out.println("camel-wolkvox benchmarks: " + machine);
        System.out.println("(median of runs, min-max in brackets)");

        Figures figures = new Figures();
        if (only.matches(".*[123].*")) {
            requireRunCommandOptions(projectDir);
            try (CallBenchmarks calls = new CallBenchmarks(Integer.getInteger("bench.runs", 7),
                    Integer.getInteger("bench.latency-runs", 3))) {
                calls.run(figures);
            }
        }
        if (only.contains("6")) {
            ClusterGuardBenchmark.run(figures, Integer.getInteger("bench.runs", 7), Integer.getInteger("bench.guard-calls", 1000));
        }
        if (only.matches(".*[45].*") && !Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn package (the bench profile runs after it)");
        }
        if (only.matches(".*[45].*") && !Files.exists(ForkedApp.cdsArchive(jar))) {
            throw new IllegalStateException(ForkedApp.cdsArchive(jar) + " is missing: the run command maps it; build without -Dcds.skip=true");
        }
        Path scratch = Files.createTempDirectory("wolkvox-bench-");
        try {
            AppBenchmarks app = new AppBenchmarks(projectDir, jar, scratch);
            if (only.contains("4")) {
                app.csv(figures, Integer.getInteger("bench.csv-rows", 100_000));
            }
            if (only.contains("5")) {
                app.startup(figures, Integer.getInteger("bench.startup-runs", 5));
            }
        } finally {
            deleteTree(scratch);
        }

        Path results = Files.createDirectories(projectDir.resolve("target/bench")).resolve("results.md");
        Files.writeString(results, "Machine: " + machine + "\n\n" + figures.markdown());
        System.out.println("Table written to " + results);
        System.exit(figures.anyFailed() ? 1 : 0);
    }

    /**
     * Items 1-3 run the module's call path in this JVM, so it must run with the JVM options of the
     * README's run command (all but the class archive and the heap sizes, which are the job's): a JIT
     * or GC option added there is measured here, or the benchmark refuses to run.
     */
    private static void requireRunCommandOptions(Path projectDir) throws Exception {
        List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> missing = ReadmeRunCommand.of(projectDir).jvmOptions().stream()
                .filter(o -> !o.startsWith("-XX:SharedArchiveFile=") && !o.startsWith("-Xms") && !o.startsWith("-Xmx"))
                .filter(o -> !mine.contains(o))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Items 1-3 measure the call path with the README's JVM options, and this JVM lacks "
                    + missing + ": add them to the run-benchmarks execution in pom.xml");
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
