package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The records of a delimited text file, decoded byte by byte, every field held to the length limit. */
final class CsvRows implements SheetRows {

    static final String WINDOWS_1252_NOTE = "bytes that are not UTF-8 read as Windows-1252";

    private final LenientUtf8Reader text;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long line = 1;
    private String note = "";

    CsvRows(InputStream in, CsvDialect dialect, int maxFieldLength) throws IOException {
        text = new LenientUtf8Reader(in);
        parser = CSVParser.builder().setReader(new FieldLengthGuard(text, dialect.delimiter(), maxFieldLength))
                .setFormat(dialect.format()).get();
        records = parser.iterator();
    }

    @Override
    public List<String> next() {
        line = parser.getCurrentLineNumber() + 1;
        if (!records.hasNext()) {
            return null;
        }
        CSVRecord record = records.next();
        long last = Math.max(line, parser.getCurrentLineNumber());
        note = text.fellBack(line, last) ? WINDOWS_1252_NOTE : "";
        text.forgetBefore(line);
        return record.toList();
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String note() {
        return note;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
