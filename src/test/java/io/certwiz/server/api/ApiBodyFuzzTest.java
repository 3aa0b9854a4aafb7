package io.certwiz.server.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certwiz.CertwizException;
import io.certwiz.testing.FuzzContract;
import io.certwiz.usage.Usage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;

/**
 * Feeds arbitrary JSON to the REST API's body readers, with Javalin's mapper as the routes use it
 * ({@link ApiRoutes#JSON}), and on to what each route makes of its body before it calls a service: a
 * request's {@code RequestSpec}, an assignment's thumbprint and usages, an export request, the verify
 * options (with the PEM texts of {@code trusted} and {@code untrusted} read). The first byte picks the
 * route. A body is taken or refused with a one-line {@link CertwizException} (problem+json); nothing else
 * escapes (anything else would be a 500).
 */
class ApiBodyFuzzTest {
    @BeforeAll
    static void noHooksInRegressionMode() {
        FuzzContract.noHooksInRegressionMode();
    }

    @FuzzTest(maxDuration = "5m")
    void bodiesAreTakenOrRefusedWithACertwizException(byte[] data) {
        int route = data.length == 0 ? 0 : data[0] & 3;
        String json = data.length == 0 ? "" : new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        try {
            switch (route) {
                case 0 -> ApiRoutes.spec(ApiRoutes.body(json, ApiRoutes.RequestBody.class));
                case 1 -> {
                    ApiRoutes.AssignBody body = ApiRoutes.body(json, ApiRoutes.AssignBody.class);
                    ApiRoutes.thumbprint(body);
                    Usage.parseList(body.usages());
                }
                case 2 -> ApiRoutes.exportRequest("0".repeat(64), ApiRoutes.body(json, ApiRoutes.ExportBody.class));
                default -> ApiRoutes.verifyOptions(ApiRoutes.body(json, ApiRoutes.VerifyBody.class));
            }
        } catch (CertwizException e) {
            FuzzContract.refusal(e);
        }
    }
}
