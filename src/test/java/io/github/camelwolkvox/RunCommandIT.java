package io.github.camelwolkvox;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command against what {@code package} built (runs after it, by failsafe): its JVM
 * options map the class-data sharing archive made for this very jar, so the job's classes come
 * from it instead of being parsed and verified at every start.
 */
class RunCommandIT {

    @TempDir
    Path dir;

    @Test
    void theReadmeRunCommandLoadsTheJobFromTheBuildsClassDataSharingArchive() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        ReadmeRunCommand run = ReadmeRunCommand.of(project);
        assertThat(run.jvmOptions()).contains("-XX:SharedArchiveFile=" + project.resolve("target/camel-wolkvox.jsa"));

        Files.copy(project.resolve("application.properties"), dir.resolve("application.properties"));
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> files = Files.list(project.resolve("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(run.jvmOptions());
        // -Xshare:on: the JVM refuses to start when the archive cannot be used (missing, or made for
        // another jar or JVM) instead of silently starting without it.
        command.addAll(List.of("-Xshare:on", "-Xlog:class+load:file=" + dir.resolve("classes.log"),
                "-Dwolkvox.sandbox.enabled=true", "-Dwolkvox.rest.port=" + freePort(), "-Dwolkvox.management.port=" + freePort(),
                "-Dcamel.main.duration-max-seconds=1", "-jar", run.jar().toString()));
        Process job = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("job.log").toFile()).start();
        boolean ended = job.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            job.destroyForcibly().waitFor();
        }
        String log = Files.readString(dir.resolve("job.log"));
        assertThat(ended && job.exitValue() == 0).as("the job started and stopped cleanly:\n" + log).isTrue();
        assertThat(log).contains("Apache Camel 4.14.0 (camel-wolkvox) started in");

        String classes = Files.readString(dir.resolve("classes.log"));
        assertThat(classes).contains("io.github.camelwolkvox.Application source: shared objects file (top)")
                .contains("org.apache.camel.main.Main source: shared objects file (top)")
                .contains("io.github.camelwolkvox.component.WolkvoxComponent source: shared objects file (top)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
