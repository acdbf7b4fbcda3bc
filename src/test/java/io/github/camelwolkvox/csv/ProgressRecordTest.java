package io.github.camelwolkvox.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress record read back after a crash: kept rows, a torn last line, another file version. */
class ProgressRecordTest {

    @TempDir
    Path dir;

    @Test
    void aResumedRecordKeepsItsRowsDropsATornLineAndBecomesTheResult() throws Exception {
        Path path = dir.resolve(".codes.csv.progress");
        try (ProgressRecord first = ProgressRecord.open(path, "codes.csv size=10 modified=1")) {
            first.append(new RowOutcome(2, "V", "A-1", RowStatus.CREATED, "Code successfully created"));
            first.append(new RowOutcome(3, "V", "A,2", RowStatus.REJECTED, "hit: must be \"yes\" or no"));
        }
        // the process died while writing line 4
        Files.writeString(path, "4,V,A-3,crea", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (ProgressRecord resumed = ProgressRecord.open(path, "codes.csv size=10 modified=1")) {
            assertThat(resumed.isDone(2)).isTrue();
            assertThat(resumed.isDone(3)).isTrue();
            assertThat(resumed.isDone(4)).isFalse();
            assertThat(resumed.count(RowStatus.REJECTED)).isEqualTo(1);
            resumed.append(new RowOutcome(4, "V", "A-3", RowStatus.UPDATED, "Code successfully updated"));
            resumed.writeResult(dir.resolve("done/codes.csv.result.csv"), new CsvDialect(StandardCharsets.UTF_8, false, ',', false));
        }

        List<CSVRecord> rows = ActivityCodeCsvFiles.result(dir.resolve("done/codes.csv.result.csv"));
        assertThat(rows).extracting(r -> r.get("line")).containsExactly("2", "3", "4");
        assertThat(rows.get(1).get("cod_act")).isEqualTo("A,2");
        assertThat(rows.get(1).get("message")).isEqualTo("hit: must be \"yes\" or no");
        assertThat(rows.get(2).get("status")).isEqualTo("updated");
    }

    @Test
    void aRecordOfAnotherVersionOfTheFileIsDiscarded() throws Exception {
        Path path = dir.resolve(".codes.csv.progress");
        try (ProgressRecord old = ProgressRecord.open(path, "codes.csv size=10 modified=1")) {
            old.append(new RowOutcome(2, "V", "A-1", RowStatus.CREATED, "ok"));
        }
        try (ProgressRecord fresh = ProgressRecord.open(path, "codes.csv size=12 modified=2")) {
            assertThat(fresh.isDone(2)).isFalse();
            assertThat(fresh.finished()).isZero();
        }
    }
}
