package io.github.camelwolkvox.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.github.camelwolkvox.Application;

/**
 * One instance of the job in a JVM of its own (the real Application main, the project's
 * application.properties with test settings on top, the test classpath), as a deployment runs it:
 * a kill -9 is {@link #kill()}, a SIGTERM {@link #terminate()}.
 */
final class InstanceProcess implements AutoCloseable {

    final String name;
    final Path log;
    final Map<String, String> settings;
    private final Process process;

    private InstanceProcess(String name, Path log, Map<String, String> settings, Process process) {
        this.name = name;
        this.log = log;
        this.settings = settings;
        this.process = process;
    }

    static InstanceProcess start(String name, Path dir, Map<String, String> settings) throws IOException {
        Files.createDirectories(dir);
        Path project = Path.of("").toAbsolutePath();
        Properties all = new Properties();
        try (Reader in = Files.newBufferedReader(project.resolve("application.properties"))) {
            all.load(in);
        }
        all.putAll(settings);
        all.put("wolkvox.cluster.instance-name", name);
        Path config = dir.resolve("application.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            all.store(out, "cluster test instance " + name);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-Dwolkvox.config=" + config, "-cp", System.getProperty("java.class.path"),
                Application.class.getName()));
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new InstanceProcess(name, log, Map.copyOf(settings), p);
    }

    boolean started() throws IOException {
        return Files.readString(log).contains("started in");
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no last word to the database. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: Camel's graceful shutdown; true when the process ended in time. */
    boolean terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
