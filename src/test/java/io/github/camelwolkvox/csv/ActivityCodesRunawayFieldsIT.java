package io.github.camelwolkvox.csv;

import static io.github.camelwolkvox.csv.ActivityCodeCsvFiles.drop;
import static io.github.camelwolkvox.csv.ActivityCodeCsvFiles.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * An unclosed quote or an overlong field stops its file at that row, naming the line; the rows
 * before it are sent, the file goes to error/ with its result file, and the next files go on. With
 * a 100 MB runaway file the application stays alive on a 64 MB heap.
 */
class ActivityCodesRunawayFieldsIT {

    private static final String HEADER = "type_code,cod_act,description_cod_act\n";

    @TempDir
    Path root;
    @TempDir
    Path inbox;
    CamelContext context;
    Process app;

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        if (app != null) {
            app.destroyForcibly().waitFor();
        }
    }

    private List<CSVRecord> archived(String folder, String name, Duration atMost) throws IOException {
        await().atMost(atMost).untilAsserted(() -> {
            assertThat(inbox.resolve(folder).resolve(name + ".result.csv")).exists();
            assertThat(inbox.resolve(folder).resolve(name)).exists();
        });
        return result(inbox.resolve(folder).resolve(name + ".result.csv"));
    }

    @Test
    void anUnclosedQuoteStopsTheFileNamingTheLineItOpenedOn() throws Exception {
        context = ActivityCodesRoute.start(inbox, Map.of(), s -> { });
        drop(inbox, "quote.csv", HEADER + "V,Q-1,fine\nV,Q-2,\"never closed\nV,Q-3,swallowed\nV,Q-4,swallowed too\n",
                StandardCharsets.UTF_8);

        List<CSVRecord> rows = archived("error", "quote.csv", Duration.ofSeconds(20));

        assertThat(rows).extracting(r -> r.get("line")).containsExactly("2", "3");
        assertThat(rows).extracting(r -> r.get("status")).containsExactly("created", "failed");
        assertThat(rows.get(1).get("message")).contains("the quote opened on line 3 is never closed");
        assertThat(ActivityCodesRoute.sandbox(context).activityCodes()).containsOnlyKeys("V|Q-1");
    }

    @Test
    void aFieldLongerThanTheLimitStopsTheFileAndTheNextFileGoesOn() throws Exception {
        context = ActivityCodesRoute.start(inbox, Map.of("wolkvox.activity-codes.max-field-length", "50"), s -> { });
        drop(inbox, "long.csv", HEADER + "V,L-1,fine\nV,L-2,\"a quote on line 3\nthat runs on " + "x".repeat(60)
                + "\"\nV,L-3,after\n", StandardCharsets.UTF_8);
        drop(inbox, "unquoted.csv", HEADER + "V,U-1," + "y".repeat(51) + "\n", StandardCharsets.UTF_8);

        List<CSVRecord> quoted = archived("error", "long.csv", Duration.ofSeconds(20));
        List<CSVRecord> unquoted = archived("error", "unquoted.csv", Duration.ofSeconds(20));
        drop(inbox, "next.csv", HEADER + "V,N-1,next file\n", StandardCharsets.UTF_8);
        List<CSVRecord> next = archived("done", "next.csv", Duration.ofSeconds(20));

        assertThat(quoted).extracting(r -> r.get("status")).containsExactly("created", "failed");
        assertThat(quoted.get(1).get("message"))
                .contains("the quote opened on line 3 is not closed within 50 characters (wolkvox.activity-codes.max-field-length)");
        assertThat(unquoted.get(0).get("message")).contains("a field on line 2 is longer than 50 characters");
        assertThat(next).extracting(r -> r.get("status")).containsExactly("created");
        WolkvoxSandbox sandbox = ActivityCodesRoute.sandbox(context);
        assertThat(sandbox.activityCodes()).containsOnlyKeys("V|L-1", "V|N-1");
    }

    @Test
    void aMaxFieldLengthBelowOneFailsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> context = ActivityCodesRoute.start(inbox, Map.of("wolkvox.activity-codes.max-field-length", "0"),
                s -> { })).hasStackTraceContaining("wolkvox.activity-codes.max-field-length (WOLKVOX_ACTIVITY_CODES_MAX_FIELD_LENGTH)"
                        + " must be at least 1 but is 0");
    }

    /** The application in a JVM of its own with -Xmx64m: a 100 MB file with a quote never closed, then a good file. */
    @Test
    void aHundredMegabyteRunawayFileLeavesTheAppAliveOnA64MegabyteHeap() throws Exception {
        WolkvoxSandbox sandbox = new WolkvoxSandbox(0);
        sandbox.start();
        try {
            Path big = root.resolve("runaway.csv");
            try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
                out.write(HEADER + "V,R-1,before\nV,R-2,\"opened here and never closed ");
                String chunk = "x".repeat(1023) + "\n";
                for (int i = 0; i < 100 * 1024; i++) {
                    out.write(chunk);
                }
            }
            assertThat(Files.size(big)).isGreaterThan(100L * 1024 * 1024);
            app = ForkedActivityCodesApp.start(root, "runaway", inbox, Map.of("wolkvox.token", "runaway-test",
                    "wolkvox.base-url", sandbox.baseUrl(), "wolkvox.sandbox.enabled", "false"), "64m");
            Files.move(big, inbox.resolve("runaway.csv"));

            List<CSVRecord> rows = archived("error", "runaway.csv", Duration.ofSeconds(120));
            drop(inbox, "after.csv", HEADER + "V,A-1,after the runaway file\n", StandardCharsets.UTF_8);
            List<CSVRecord> after = archived("done", "after.csv", Duration.ofSeconds(60));

            assertThat(rows).extracting(r -> r.get("status")).containsExactly("created", "failed");
            assertThat(rows.get(1).get("message")).contains("the quote opened on line 3 is not closed within 4096 characters");
            assertThat(after).extracting(r -> r.get("status")).containsExactly("created");
            assertThat(app.isAlive()).as("the application survived").isTrue();
            assertThat(Files.readString(root.resolve("runaway.log"))).doesNotContain("OutOfMemoryError");
            assertThat(sandbox.activityCodes()).containsOnlyKeys("V|R-1", "V|A-1");
        } finally {
            sandbox.stop();
        }
    }
}
