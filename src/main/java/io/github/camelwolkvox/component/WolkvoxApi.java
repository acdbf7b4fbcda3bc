package io.github.camelwolkvox.component;

/**
 * What one endpoint calls: the operation, the vendor's file and api, the HTTP method, and whether
 * repeating the call is harmless. The typed operations have theirs fixed; {@code wolkvox:call} takes
 * them from the catalogue and the endpoint's options.
 */
public record WolkvoxApi(WolkvoxOperation operation, String file, String api, String httpMethod, boolean idempotent) {

    /** The fixed target of a typed operation. */
    public static WolkvoxApi of(WolkvoxOperation operation) {
        return new WolkvoxApi(operation, operation.file(), operation.api(), operation.httpMethod(), operation.idempotent());
    }

    /** Whether the call counts against the token's daily quota: every API but the agent box's (dial). */
    public boolean billed() {
        return file == null || !file.replace(".php", "").equals("agentbox");
    }

    /** Name in logs, metrics and exception messages: the operation, or call:file/api for the generic call. */
    public String label() {
        if (operation != WolkvoxOperation.call) {
            return operation.name();
        }
        return file == null ? "call" : "call:" + file.replace(".php", "") + "/" + api;
    }

    @Override
    public String toString() {
        return label();
    }
}
