package io.github.camelwolkvox.component;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The five Wolkvox API v2 operations: where each lives and whether repeating it is harmless.
 * A non-idempotent operation (dial, addInteraction) may only be retried when the request cannot
 * have reached the server.
 */
public enum WolkvoxOperation {
    routingPoints("information.php", "routing_points", "GET", true),
    connectors("information.php", "connectors", "GET", true),
    createActivityCode("configuration.php", "create_cod_act", "POST", true),
    addInteraction("configuration.php", "add_interaction", "POST", false),
    dial("agentbox.php", "dial", "POST", false);

    private final String file;
    private final String api;
    private final String httpMethod;
    private final boolean idempotent;

    WolkvoxOperation(String file, String api, String httpMethod, boolean idempotent) {
        this.file = file;
        this.api = api;
        this.httpMethod = httpMethod;
        this.idempotent = idempotent;
    }

    public String file() {
        return file;
    }

    public String api() {
        return api;
    }

    public String httpMethod() {
        return httpMethod;
    }

    public boolean idempotent() {
        return idempotent;
    }

    /** Whether the call counts against the token's daily quota: every API but the agent box's (dial). */
    public boolean billed() {
        return !"agentbox.php".equals(file);
    }

    public static WolkvoxOperation of(String name) {
        for (WolkvoxOperation op : values()) {
            if (op.name().equalsIgnoreCase(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("Unknown wolkvox operation '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
