package io.github.camelwolkvox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first run command of the README ("Quick start"), as RunCommandIT and the benchmark run it:
 * its JVM options (paths under {@code target/} made absolute) and the jar. One reading of the
 * README, so a test or a benchmark figure always measures the command a user copies.
 */
public record ReadmeRunCommand(List<String> jvmOptions, Path jar) {

    private static final Pattern RUN_COMMAND = Pattern.compile("java (-\\S+(?: -\\S+)*) -jar target/(\\S+\\.jar)");

    public static ReadmeRunCommand of(Path project) throws IOException {
        Matcher run = RUN_COMMAND.matcher(Files.readString(project.resolve("README.md")));
        if (!run.find()) {
            throw new IllegalStateException("no run command with JVM options (java -... -jar target/...jar) in " + project.resolve("README.md"));
        }
        List<String> options = new ArrayList<>();
        for (String option : run.group(1).split(" ")) {
            options.add(option.replace("target/", project.resolve("target").toAbsolutePath() + "/"));
        }
        return new ReadmeRunCommand(List.copyOf(options), project.resolve("target").resolve(run.group(2)).toAbsolutePath());
    }
}
