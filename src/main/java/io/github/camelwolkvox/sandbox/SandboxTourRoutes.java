package io.github.camelwolkvox.sandbox;

import org.apache.camel.builder.RouteBuilder;

import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.component.model.ActivityCode;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.Interaction;

/**
 * In sandbox mode only: calls each of the five operations once at start-up and logs what came
 * back, so a first run shows the whole module working with no Wolkvox account. Against a real
 * account it does nothing (it would otherwise dial a real customer).
 */
public class SandboxTourRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:wolkvox-sandbox-tour?repeatCount=1&delay={{wolkvox.sandbox.tour-delay:500}}")
                .routeId("wolkvox-sandbox-tour")
                .autoStartup("{{wolkvox.sandbox.tour:true}}")
                .filter(e -> e.getContext().getComponent("wolkvox", WolkvoxComponent.class).isSandboxActive())
                .log("Sandbox tour: calling the five Wolkvox operations against the simulator")
                .to("wolkvox:routingPoints")
                .log("Sandbox tour 1/5 routingPoints: ${body.size} routing points ${body}")
                .to("wolkvox:connectors")
                .log("Sandbox tour 2/5 connectors: ${body.size} connectors ${body}")
                .setBody(constant(new ActivityCode("TOUR", "TOUR-01", "Sandbox tour code", "yes", "no", "no")))
                .to("wolkvox:createActivityCode")
                .log("Sandbox tour 3/5 createActivityCode: ${header.CamelWolkvoxMessage}")
                .setBody(constant(new Interaction("tour@example.com", "care@example.com", "Sandbox tour",
                        "Hello from the sandbox tour", "102")))
                .to("wolkvox:addInteraction")
                .log("Sandbox tour 4/5 addInteraction: ${header.CamelWolkvoxMessage}")
                .setBody(constant(new DialRequest("1001", "+57 300 123 4567", "CC-1", "Ana Tour")))
                .to("wolkvox:dial")
                .log("Sandbox tour 5/5 dial: conn_id=${body.connId}")
                .log("Sandbox tour finished: all five operations answered");
    }
}
