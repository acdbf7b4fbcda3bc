package io.github.camelwolkvox.csv;

import static io.github.camelwolkvox.csv.ActivityCodeCsvFiles.drop;
import static io.github.camelwolkvox.csv.ActivityCodeCsvFiles.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file is read only once complete, and every row of it is sent exactly once, however its writer
 * behaves: pausing mid-file, appending while the rows are sent, replacing it, or using a marker
 * file or a temporary name. Real files in a real inbox, the shipped route, the sandbox over HTTP.
 */
class ActivityCodesCompleteFilesIT {

    private static final Pattern COD_ACT = Pattern.compile("\"cod_act\":\"([^\"]+)\"");
    private static final String HEADER = "type_code,cod_act,description_cod_act\n";

    @TempDir
    Path root;
    Path inbox;
    CamelContext context;
    final Map<String, AtomicInteger> callsPerCode = new ConcurrentHashMap<>();
    /** Counted down by the first create call, which then waits for {@link #releaseFirstCall}. */
    final CountDownLatch firstCallStarted = new CountDownLatch(1);
    final CountDownLatch releaseFirstCall = new CountDownLatch(1);

    @BeforeEach
    void inbox() throws IOException {
        inbox = Files.createDirectories(root.resolve("inbox"));
    }

    @AfterEach
    void stop() throws Exception {
        releaseFirstCall.countDown();
        if (context != null) {
            context.close();
        }
    }

    private void start(Map<String, String> settings) throws Exception {
        context = ActivityCodesRoute.start(inbox, settings, sandbox -> sandbox.setLatency(call -> {
            Matcher m = COD_ACT.matcher(call.body());
            if (m.find()) {
                callsPerCode.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
                firstCallStarted.countDown();
                try {
                    releaseFirstCall.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 0;
        }));
    }

    private static String rows(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append("V,P-").append(i).append(",Row ").append(i).append('\n');
        }
        return sb.toString();
    }

    private List<CSVRecord> archived(String folder, String name) throws IOException {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(inbox.resolve(folder).resolve(name + ".result.csv")).exists();
            assertThat(inbox.resolve(name)).doesNotExist();
        });
        return result(inbox.resolve(folder).resolve(name + ".result.csv"));
    }

    private void assertEachSentOnce(int from, int to) {
        assertThat(callsPerCode).hasSize(to - from + 1);
        for (int i = from; i <= to; i++) {
            assertThat(callsPerCode.get("P-" + i)).as("calls for P-" + i).hasValue(1);
        }
    }

    /** The default minimum age (10 s): a writer pausing 8 s mid-file is not read half-written. */
    @Test
    void aWriterPausingEightSecondsMidFileEndsWithEveryRowSentOnce() throws Exception {
        releaseFirstCall.countDown();
        start(Map.of("wolkvox.activity-codes.min-age", "10000")); // the default
        Path file = inbox.resolve("paused.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((HEADER + rows(1, 5)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            // The writer's pause: for all of it the half-written file is left alone
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9))
                    .until(() -> callsPerCode.isEmpty() && Files.exists(file));
            out.write(rows(6, 10).getBytes(StandardCharsets.UTF_8));
        }

        List<CSVRecord> result = archived("done", "paused.csv");

        assertThat(result).extracting(r -> r.get("status")).hasSize(10).containsOnly("created");
        assertEachSentOnce(1, 10);
    }

    /** Writes the file in place (the inbox taking it 300 ms after the last change) and waits until its first row is being sent (and held). */
    private Path writtenAndBeingSent(String name, String content) throws Exception {
        start(Map.of("wolkvox.activity-codes.min-age", "300"));
        Path file = Files.writeString(inbox.resolve(name), content, StandardCharsets.UTF_8);
        assertThat(firstCallStarted.await(30, TimeUnit.SECONDS)).isTrue();
        return file;
    }

    /** Rows added while the file is read (the writer paused longer than the minimum age) are read on, none twice. */
    @Test
    void rowsAddedWhileTheFileIsReadAreSentTooAndNoRowTwice() throws Exception {
        Path file = writtenAndBeingSent("growing.csv", HEADER + rows(1, 3));

        assertThat(InboxFileState.of(inbox, "growing.csv", "done", "error"))
                .isEqualTo(new InboxFileState("growing.csv", InboxFileState.Stage.IN_PROGRESS, 0, null));
        Files.writeString(file, rows(4, 7), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        releaseFirstCall.countDown();

        List<CSVRecord> result = archived("done", "growing.csv");
        assertThat(result).extracting(r -> r.get("line")).containsExactly("2", "3", "4", "5", "6", "7", "8");
        assertThat(result).extracting(r -> r.get("status")).containsOnly("created");
        assertEachSentOnce(1, 7);
    }

    /** A file replaced while read (a copy over it): the old rows stand, the new content is not mixed in; error/ says why. */
    @Test
    void aFileReplacedWhileReadGoesToErrorSayingSo() throws Exception {
        Path file = writtenAndBeingSent("replaced.csv", HEADER + rows(1, 2));

        Files.writeString(file, "type_code,cod_act,description_cod_act\nW,NEW-1,Another file altogether\nW,NEW-2,and longer\n",
                StandardCharsets.UTF_8);
        releaseFirstCall.countDown();

        List<CSVRecord> result = archived("error", "replaced.csv");
        assertThat(result).extracting(r -> r.get("line")).containsExactly("2", "3", "0");
        assertThat(result.get(2).get("status")).isEqualTo("failed");
        assertThat(result.get(2).get("message")).contains("replaced while it was read");
        assertEachSentOnce(1, 2);
    }

    /** A marker file says the file is complete: taken at once whatever its age, and the marker goes with it. */
    @Test
    void aMarkerFileMakesAFileCompleteAtOnce() throws Exception {
        onlyTheMarkedFileIsTaken(Map.of("wolkvox.activity-codes.min-age", "600000"), "marked.csv.ready");
    }

    @Test
    void withMarkersRequiredOnlyMarkedFilesAreTaken() throws Exception {
        // the marker without the file's extension works too
        onlyTheMarkedFileIsTaken(Map.of("wolkvox.activity-codes.require-marker", "true"), "marked.done");
    }

    private void onlyTheMarkedFileIsTaken(Map<String, String> settings, String marker) throws Exception {
        releaseFirstCall.countDown();
        start(settings);
        drop(inbox, "marked.csv", HEADER + rows(1, 2), StandardCharsets.UTF_8);
        drop(inbox, "unmarked.csv", HEADER + rows(3, 3), StandardCharsets.UTF_8);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(callsPerCode::isEmpty);

        Files.createFile(inbox.resolve(marker));

        assertThat(archived("done", "marked.csv")).extracting(r -> r.get("status")).containsExactly("created", "created");
        assertThat(inbox.resolve(marker)).as("marker removed with its file").doesNotExist();
        assertThat(InboxFileState.of(inbox, "unmarked.csv", "done", "error").stage()).as("no marker")
                .isEqualTo(InboxFileState.Stage.WAITING);
        assertEachSentOnce(1, 2);
    }

    /** Written under a temporary name, renamed at the end: the temporary file is left alone, the renamed one taken. */
    @Test
    void aFileWrittenUnderATemporaryNameIsTakenOnlyOnceRenamed() throws Exception {
        releaseFirstCall.countDown();
        start(new HashMap<>());
        Path temp = inbox.resolve("codes.csv.part");
        Files.writeString(temp, HEADER + rows(1, 2), StandardCharsets.UTF_8);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> callsPerCode.isEmpty() && Files.exists(temp));

        Files.move(temp, inbox.resolve("codes.csv"));

        archived("done", "codes.csv");
        assertThat(inbox.resolve("error")).doesNotExist();
        assertEachSentOnce(1, 2);
    }
}
