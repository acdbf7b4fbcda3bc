package io.github.camelwolkvox.component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the {@code data} of one or more answers into one JSON array file while reading them, record
 * by record, so an answer of hundreds of megabytes never sits in memory as text or as a tree. The
 * file is written under a temporary name and renamed into place only when every answer was a
 * success: a reader never sees a file that is half written or holds a failed call's data.
 */
final class StreamedData implements AutoCloseable {

    private final ObjectMapper mapper;
    private final Path target;
    private final Path temp;
    private final JsonGenerator out;
    private long records;
    private boolean finished;

    StreamedData(ObjectMapper mapper, Path target) throws IOException {
        this.mapper = mapper;
        this.target = target.toAbsolutePath();
        Files.createDirectories(this.target.getParent());
        this.temp = Files.createTempFile(this.target.getParent(), "." + target.getFileName() + ".", ".tmp");
        this.out = mapper.getFactory().createGenerator(Files.newOutputStream(temp));
        out.writeStartArray();
    }

    /**
     * Copies the records of one answer's {@code data} to the file and returns its envelope without
     * the data (code, error, msg) for the one classification; null when the answer is not JSON.
     */
    ObjectNode append(InputStream answer) throws IOException {
        JsonFactory factory = mapper.getFactory();
        try (JsonParser in = factory.createParser(answer)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode envelope = mapper.createObjectNode();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken value = in.nextToken();
                if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    while (in.nextToken() != JsonToken.END_ARRAY) {
                        out.copyCurrentStructure(in);
                        records++;
                    }
                } else if ("data".equals(field) && value == JsonToken.START_OBJECT) {
                    out.copyCurrentStructure(in);
                    records++;
                } else if (value.isScalarValue()) {
                    envelope.set(field, mapper.readTree(in));
                } else {
                    in.skipChildren();
                }
            }
            return envelope;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** Closes the array and moves the file into place; returns the number of records written. */
    long finish() throws IOException {
        out.writeEndArray();
        out.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        finished = true;
        return records;
    }

    Path target() {
        return target;
    }

    /** Removes the temporary file unless {@link #finish()} moved it into place. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            out.close();
            Files.deleteIfExists(temp);
        }
    }
}
