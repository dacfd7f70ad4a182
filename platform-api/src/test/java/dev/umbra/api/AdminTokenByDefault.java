package dev.umbra.api;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every RestAssured request of every Quarkus test to the application carries the first admin's
 * token (the test profile fixes it) unless it sends an {@code Authorization} header of its own,
 * so tests of features other than access need not think about it. {@link TestData#anonymous()}
 * sends none; requests to other servers (an S3 endpoint behind a presigned URL) get none.
 */
public class AdminTokenByDefault implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.replaceFiltersWith((request, response, next) -> {
            if (request.getPort() == RestAssured.port && !request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + TestData.ADMIN_TOKEN);
            }
            return next.next(request, response);
        });
    }
}
