package io.quarkiverse.gcache.deployment.devui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.quarkiverse.gcache.deployment.GCacheUseCasesBuildItem;
import io.quarkiverse.gcache.runtime.devui.GCacheDevConfigBuilder;
import io.quarkiverse.gcache.runtime.devui.GCacheJsonRPCService;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.deployment.IsLocalDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.RunTimeConfigBuilderBuildItem;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The GCache card of the Dev UI (dev mode only): a Use cases page and a Keys page, backed by
 * {@link GCacheJsonRPCService}, and the in-memory config source through which the Dev UI sets ramps and TTLs.
 */
public class GCacheDevUiProcessor {

    @BuildStep(onlyIf = IsLocalDevelopment.class)
    CardPageBuildItem card(GCacheUseCasesBuildItem useCases) {
        CardPageBuildItem card = new CardPageBuildItem();
        List<Map<String, Object>> data = new ArrayList<>();
        TreeSet<String> keyTypes = new TreeSet<>();
        for (UseCaseSpec spec : useCases.getUseCases()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("useCase", spec.getUseCase());
            m.put("method", spec.getSignature());
            m.put("keyType", spec.getKeyType());
            m.put("idSource", spec.getId().describe());
            m.put("args", spec.getArgs().stream().map(KeyPartSpec::describe).toList());
            m.put("tracked", spec.isTracked());
            m.put("localTtl", spec.getLocalTtl());
            m.put("localRamp", spec.getLocalRamp());
            m.put("remoteTtl", spec.getRemoteTtl());
            m.put("remoteRamp", spec.getRemoteRamp());
            data.add(m);
            keyTypes.add(spec.getKeyType());
        }
        card.addBuildTimeData("useCases", data, "The @GCached use cases of the application, as the build read them");
        card.addBuildTimeData("keyTypes", List.copyOf(keyTypes));
        card.addPage(Page.webComponentPageBuilder()
                .title("Use cases")
                .icon("font-awesome-solid:list")
                .componentLink("qwc-gcache-use-cases.js")
                .staticLabel(String.valueOf(data.size())));
        card.addPage(Page.webComponentPageBuilder()
                .title("Keys")
                .icon("font-awesome-solid:key")
                .componentLink("qwc-gcache-keys.js"));
        card.addPage(Page.webComponentPageBuilder()
                .title("Flights")
                .icon("font-awesome-solid:plane")
                .componentLink("qwc-gcache-flights.js"));
        return card;
    }

    /** Ungated, as its javadoc asks: the Dev UI only consumes it in dev mode. */
    @BuildStep
    JsonRPCProvidersBuildItem jsonRpc() {
        return new JsonRPCProvidersBuildItem(GCacheJsonRPCService.class);
    }

    @BuildStep(onlyIf = IsLocalDevelopment.class)
    RunTimeConfigBuilderBuildItem devConfigSource() {
        return new RunTimeConfigBuilderBuildItem(GCacheDevConfigBuilder.class);
    }
}
