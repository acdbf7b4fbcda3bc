package io.github.camelwolkvox.operations;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.spi.OnCamelContextStarting;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The job's dev-console registry: Camel's management server answers {@code /q/dev/<id>} (and
 * {@code /q/dev/all}, the index) from the context's {@link DevConsoleRegistry}, so only what this
 * registry holds is ever served. It holds the consoles named in {@link #setConsoles} (by default
 * {@code wolkvox}), each resolved through its service file, and nothing else: not Camel's
 * {@code properties}, {@code env} or {@code system-properties} (camel-console's, should a host add it),
 * which print setting values Camel does not know to be secret (wolkvox.rest.api-keys, a password inside
 * wolkvox.db.url), nor {@code bean-model} or {@code main-configuration}, on the job's class path. Those
 * are refused even when listed. Bound in the registry (application.properties:
 * {@code camel.beans.wolkvoxDevConsoles}) it makes itself the context's registry while the context
 * starts, whatever registry was there (Camel Main's own look-up for such a bean comes before it binds
 * {@code camel.beans.*}); a host binds it the same way.
 */
public class SafeDevConsoleRegistry extends ServiceSupport implements DevConsoleRegistry, OnCamelContextStarting {

    /** Consoles that show settings, the environment, beans or messages: never served. */
    static final Set<String> REFUSED = Set.of("properties", "env", "system-properties", "main-configuration", "bean",
            "bean-model", "variables", "browse", "receive", "send", "trace", "debug", "message-history");

    private final Map<String, DevConsole> consoles = new LinkedHashMap<>();
    private Set<String> allowed = Set.of("wolkvox");
    private CamelContext camelContext;
    private String id = "wolkvox-dev-consoles";
    private boolean enabled = true;

    /**
     * The ids of the consoles served, comma-separated (setting wolkvox.management.dev-consoles); one
     * that can show secrets fails the start, naming the setting.
     */
    public void setConsoles(String ids) {
        Set<String> names = Arrays.stream(ids == null ? new String[0] : ids.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> refused = names.stream().filter(REFUSED::contains).collect(Collectors.toCollection(LinkedHashSet::new));
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("wolkvox.management.dev-consoles (WOLKVOX_MANAGEMENT_DEV_CONSOLES) lists "
                    + String.join(", ", refused) + ": those consoles can show settings, passwords or tokens and are never served");
        }
        this.allowed = Set.copyOf(names);
        consoles.keySet().retainAll(allowed);
    }

    public String getConsoles() {
        return String.join(",", allowed);
    }

    @Override
    public void onContextStarting(CamelContext context) {
        setCamelContext(context);
        context.getCamelContextExtension().addContextPlugin(DevConsoleRegistry.class, this);
        loadDevConsoles();
    }

    @Override
    public synchronized void loadDevConsoles() {
        loadDevConsoles(false);
    }

    @Override
    public synchronized void loadDevConsoles(boolean force) {
        for (String name : allowed) {
            if (force || !consoles.containsKey(name)) {
                DevConsole console = PluginHelper.getDevConsoleResolver(camelContext).resolveDevConsole(name);
                if (console != null) {
                    register(console);
                }
            }
        }
    }

    @Override
    public synchronized DevConsole resolveById(String name) {
        if (!allowed.contains(name)) {
            return null;
        }
        if (!consoles.containsKey(name)) {
            loadDevConsoles();
        }
        return consoles.get(name);
    }

    /** Only a console this registry serves is taken (Camel Main offers every DevConsole bean it finds). */
    @Override
    public synchronized boolean register(DevConsole console) {
        if (console == null || !allowed.contains(console.getId()) || REFUSED.contains(console.getId())) {
            return false;
        }
        CamelContextAware.trySetCamelContext(console, camelContext);
        ServiceHelper.startService(console);
        return consoles.put(console.getId(), console) != console;
    }

    @Override
    public synchronized boolean unregister(DevConsole console) {
        return console != null && consoles.remove(console.getId(), console);
    }

    @Override
    public synchronized Stream<DevConsole> stream() {
        return consoles.values().stream().toList().stream();
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(consoles.values());
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void setId(String id) {
        this.id = id;
    }

}
