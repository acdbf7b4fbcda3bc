package io.github.camelwolkvox.embed;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a host project inherits when it depends on the jar (runs after {@code package}, by failsafe):
 * the built jar and this pom are put into a file repository under target/, a tiny host project that
 * depends on camel-wolkvox is resolved by a real Maven, and its dependency list is checked.
 */
class HostDependenciesIT {

    private static final String GROUP = System.getProperty("project.groupId");
    private static final String ARTIFACT = System.getProperty("project.artifactId");
    private static final String VERSION = System.getProperty("project.version");

    private static List<String> inherited;

    @BeforeAll
    static void resolveAHostProject() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path repo = target.resolve("host-it/repo");
        Path host = target.resolve("host-it/host");
        Files.createDirectories(host);
        mvn(target.getParent(), "install:install-file", "-Dfile=" + System.getProperty("bundle.jar"),
                "-DpomFile=pom.xml", "-DlocalRepositoryPath=" + repo);
        Files.writeString(host.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example.host</groupId>
                  <artifactId>host</artifactId>
                  <version>1</version>
                  <repositories>
                    <repository><id>camel-wolkvox-it</id><url>%s</url></repository>
                  </repositories>
                  <dependencies>
                    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>
                  </dependencies>
                </project>
                """.formatted(repo.toUri(), GROUP, ARTIFACT, VERSION));
        Path list = host.resolve("dependencies.txt");
        mvn(host, "dependency:list", "-DincludeScope=runtime", "-DoutputFile=" + list, "-DexcludeTransitive=false");
        inherited = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String s = line.strip();
            if (s.chars().filter(c -> c == ':').count() >= 4) {
                inherited.add(s);
            }
        }
    }

    private static void mvn(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("host-it", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("mvn " + String.join(" ", args) + " finished").isTrue();
        assertThat(p.exitValue()).as("mvn " + String.join(" ", args) + ":\n" + Files.readString(log)).isZero();
        new File(log.toString()).delete();
    }

    @Test
    void aHostGetsTheComponentAndWhatItNeeds() {
        assertThat(inherited).anyMatch(d -> d.startsWith(GROUP + ":" + ARTIFACT + ":jar:" + VERSION))
                .anyMatch(d -> d.startsWith("org.apache.camel:camel-support:"))
                .anyMatch(d -> d.startsWith("org.apache.camel:camel-http:"))
                .anyMatch(d -> d.startsWith("org.apache.camel:camel-jackson:"));
    }

    @Test
    void aHostInheritsNoJdbcDriverPoolOrLoggingBackend() {
        assertThat(inherited).noneMatch(d -> d.startsWith("com.h2database:")
                || d.startsWith("org.postgresql:")
                // the pool (com.zaxxer:SparseBitSet, of the same group, comes with Apache POI and is no pool)
                || d.startsWith("com.zaxxer:HikariCP:")
                || d.startsWith("org.apache.logging.log4j:log4j-core:")
                || d.startsWith("org.apache.logging.log4j:log4j-slf4j2-impl:")
                || d.startsWith("ch.qos.logback:"));
    }
}
