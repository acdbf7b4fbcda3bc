package io.github.camelwolkvox.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * One fire per tick cluster-wide: the {@code quartz} component of the CamelContext gets Quartz's
 * clustered JDBC job store on the module's PostgreSQL (Quartz's own {@code qrtz_*} tables, created
 * by {@link ClusterSchema}). Every instance schedules the same triggers; Quartz's row lock lets exactly one
 * fire each tick, and when the instance that acquired a trigger dies, another recovers it after
 * its check-in has been missed (within about two check-in intervals plus 7.5 s).
 */
final class ClusteredSchedule {

    private ClusteredSchedule() {
    }

    static void configure(CamelContext context, DataSource dataSource, String instanceName, long checkinInterval) {
        // Quartz looks its data source up by name; the module's pool is handed over under a name unique to it.
        String dsName = "wolkvox-" + Integer.toHexString(System.identityHashCode(dataSource));
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the module, not to Quartz
            }

            @Override
            public void initialize() {
                // nothing to set up
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "wolkvox");
        p.setProperty("org.quartz.scheduler.instanceId", instanceName);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinInterval));
        context.getComponent("quartz", QuartzComponent.class).setProperties(p);
    }
}
