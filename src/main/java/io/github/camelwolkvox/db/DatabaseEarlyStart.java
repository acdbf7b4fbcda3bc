package io.github.camelwolkvox.db;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Start-up in parallel: once Camel Main has made the beans, the module's connection pools open and
 * create their tables on a thread of their own while Camel builds the routes (about a third of a
 * second with the embedded H2), instead of afterwards on the main thread. Nothing is served sooner:
 * every connection, and so the queue's recovery and readiness, still waits for the tables.
 */
public class DatabaseEarlyStart extends MainListenerSupport {

    @Override
    public void afterConfigure(BaseMainSupport main) {
        main.getCamelContext().getRegistry().findByType(WolkvoxDataSource.class).forEach(WolkvoxDataSource::prepareInBackground);
    }
}
