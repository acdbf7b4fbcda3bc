package io.github.camelwolkvox.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * Kill -9 in the middle of a file, start again: the file is taken again, no row is lost, and the
 * rows recorded before the kill are not sent again. The first run is the real application in a JVM
 * of its own (killed with SIGKILL); the second is the route in this JVM. Both call one sandbox
 * running here, so every call is counted. The first run has only this route and the shared retry
 * policy (the other routes would call the sandbox too).
 */
class ActivityCodesCrashResumeIT {

    private static final int ROWS = 40;
    private static final Pattern COD_ACT = Pattern.compile("\"cod_act\":\"([^\"]+)\"");

    @TempDir
    Path root;
    private final WolkvoxSandbox sandbox = new WolkvoxSandbox(0);
    private final Map<String, AtomicInteger> callsPerCode = new ConcurrentHashMap<>();
    private Process firstRun;
    private CamelContext secondRun;

    @AfterEach
    void stop() throws Exception {
        if (firstRun != null) {
            firstRun.destroyForcibly();
        }
        if (secondRun != null) {
            secondRun.close();
        }
        sandbox.stop();
    }

    @Test
    void aRunKilledMidFileIsResumedWithoutLosingOrResendingRows() throws Exception {
        sandbox.setLatency(call -> {
            Matcher m = COD_ACT.matcher(call.body());
            if (m.find()) {
                callsPerCode.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
            }
            return 100;
        });
        sandbox.start();
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        ActivityCodeCsvFiles.generate(root.resolve("big.csv"), ROWS, ';', StandardCharsets.UTF_8);
        Files.move(root.resolve("big.csv"), inbox.resolve("big.csv"));
        Map<String, String> account = Map.of("wolkvox.token", "crash-test", "wolkvox.base-url", sandbox.baseUrl(),
                "wolkvox.sandbox.enabled", "false");

        firstRun = ForkedActivityCodesApp.start(root, "first-run", inbox, account, "128m");
        await().atMost(Duration.ofSeconds(60)).until(() -> callsPerCode.size() >= 10);
        firstRun.destroyForcibly().waitFor();

        Path progress = inbox.resolve(".big.csv.progress");
        assertThat(inbox.resolve("big.csv")).as("the killed run left the file in the inbox").exists();
        List<String> recordedBeforeKill = recordedCodes(progress);
        assertThat(recordedBeforeKill).hasSizeBetween(9, ROWS - 1);

        secondRun = ActivityCodesRoute.start(inbox, account, s -> { });
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("done/big.csv.result.csv"))
                && !Files.exists(inbox.resolve("big.csv")));

        List<CSVRecord> result = ActivityCodeCsvFiles.result(inbox.resolve("done/big.csv.result.csv"));
        assertThat(result).hasSize(ROWS);
        assertThat(result).extracting(r -> r.get("status")).containsOnly("created", "updated");
        assertThat(callsPerCode).hasSize(ROWS);
        for (String code : recordedBeforeKill) {
            assertThat(callsPerCode.get(code).get()).as("calls for %s, recorded before the kill", code).isEqualTo(1);
        }
        // at most the row in flight at the kill is sent twice (create_cod_act is idempotent)
        assertThat(callsPerCode.values().stream().mapToInt(AtomicInteger::get).sum()).isBetween(ROWS, ROWS + 1);
    }

    private static List<String> recordedCodes(Path progress) throws IOException {
        List<String> lines = Files.readAllLines(progress, StandardCharsets.UTF_8);
        List<String> codes = new ArrayList<>();
        for (CSVRecord r : CSVFormat.DEFAULT.parse(new java.io.StringReader(String.join("\n", lines.subList(1, lines.size()))))) {
            codes.add(r.get(2));
        }
        return codes;
    }
}
