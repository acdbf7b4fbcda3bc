package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;

/**
 * The inbox's poll strategy: after each poll, removes the progress records of files that have left
 * the inbox. A record must outlive its route run, because the file consumer moves the file only
 * after the run has completed; until then a crash must still find the record.
 */
public class ProgressRecordSweep extends DefaultPollingConsumerPollStrategy {

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (endpoint instanceof FileEndpoint inbox) {
            try {
                ProgressRecord.removeOrphans(inbox.getFile().toPath());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot clear finished progress records in " + inbox.getFile(), e);
            }
        }
    }
}
