package io.github.camelwolkvox.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The rows of an {@code .xlsx} workbook's first sheet, as Excel shows them (a formula as its cached
 * value, numbers and booleans formatted, TRUE/FALSE included), each with its row number. Read with
 * Apache POI's streaming (SAX) reader, never the whole sheet in memory: the rows are written to a
 * temporary file as they are parsed, then read back one at a time like a CSV file's.
 */
final class XlsxRows implements SheetRows {

    private static final CSVFormat ROWS = CSVFormat.DEFAULT;

    private final Path rowsFile;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long line = 1;

    XlsxRows(Path workbook) throws IOException {
        rowsFile = Files.createTempFile("wolkvox-xlsx-", ".csv");
        try {
            extractFirstSheet(workbook, rowsFile);
            parser = CSVParser.builder().setReader(Files.newBufferedReader(rowsFile, StandardCharsets.UTF_8)).setFormat(ROWS).get();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(rowsFile);
            throw e;
        }
        records = parser.iterator();
    }

    private static void extractFirstSheet(Path workbook, Path rowsFile) throws IOException {
        try (OPCPackage pkg = OPCPackage.open(workbook.toFile(), PackageAccess.READ);
             CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(rowsFile, StandardCharsets.UTF_8), ROWS)) {
            XSSFReader reader = new XSSFReader(pkg);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new UnreadableFileException("the workbook has no sheet");
            }
            XMLReader xml = XMLHelper.newXMLReader();
            xml.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, new ReadOnlySharedStringsTable(pkg),
                    new RowWriter(out), new DataFormatter(), false));
            try (InputStream sheet = sheets.next()) {
                xml.parse(new InputSource(sheet));
            }
        } catch (OpenXML4JException | SAXException | ParserConfigurationException | IllegalArgumentException e) {
            throw new UnreadableFileException("not a readable .xlsx workbook (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public List<String> next() {
        if (!records.hasNext()) {
            return null;
        }
        CSVRecord r = records.next();
        line = Long.parseLong(r.get(0));
        return r.toList().subList(1, r.size());
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String note() {
        return "";
    }

    @Override
    public void close() throws IOException {
        parser.close();
        Files.deleteIfExists(rowsFile);
    }

    /** One line per sheet row: its row number, then its cells (the ones Excel leaves out as empty strings). */
    private static final class RowWriter implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final CSVPrinter out;
        private final List<String> cells = new ArrayList<>();

        RowWriter(CSVPrinter out) {
            this.out = out;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
            cells.add(String.valueOf(rowNum + 1));
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment) {
            int column = new CellReference(cellReference).getCol();
            while (cells.size() <= column) {
                cells.add("");
            }
            cells.add(formattedValue == null ? "" : formattedValue);
        }

        @Override
        public void endRow(int rowNum) {
            try {
                out.printRecord(cells);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
