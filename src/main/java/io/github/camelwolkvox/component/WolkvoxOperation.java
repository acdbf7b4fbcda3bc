package io.github.camelwolkvox.component;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The typed Wolkvox API v2 operations: where each lives and whether repeating it is harmless.
 * A non-idempotent operation (dial, addInteraction, addCampaignRecords) may only be retried when the
 * request cannot have reached the server. {@code call} is any catalogue API, named by the endpoint's
 * file and api options.
 */
public enum WolkvoxOperation {
    routingPoints("information.php", "routing_points", "GET", true),
    connectors("information.php", "connectors", "GET", true),
    createActivityCode("configuration.php", "create_cod_act", "POST", true),
    addInteraction("configuration.php", "add_interaction", "POST", false),
    dial("agentbox.php", "dial", "POST", false),
    // Beyond the first five: same lane and classification, run by ApiCall (README: "Operations")
    editActivityCode("configuration.php", "edit_cod_act", "PUT", true),
    removeActivityCode("configuration.php", "remove_cod_act", "DELETE", true),
    activityCodes("information.php", "activity_codes", "GET", true),
    agents("information.php", "agents", "GET", true),
    skills("information.php", "skills", "GET", true),
    campaigns("information.php", "campaigns", "GET", true),
    tokenInfo("information.php", "token_info", "GET", true),
    addCampaignRecords("campaign.php", "add_record", "POST", false),
    /** Any API of the catalogue: file, api and method come from the endpoint. */
    call(null, null, null, false);

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
