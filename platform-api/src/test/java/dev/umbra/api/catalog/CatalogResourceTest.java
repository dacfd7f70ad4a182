package dev.umbra.api.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.umbra.client.spec.Method;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogResourceTest {

    @Test
    void theCatalogListsEveryMethodWithItsParametersAndDefaults() {
        given().get("/api/v1/catalog").then().statusCode(200)
                .body("methods", hasSize(Method.values().length))
                .body("methods.find { it.id == 'simclr' }.family", equalTo("contrastive"))
                .body("methods.find { it.id == 'simclr' }.default_optimizer", equalTo("lars"))
                .body("methods.find { it.id == 'simclr' }.params.find { it.name == 'temperature' }.default_value", equalTo(0.2f))
                .body("methods.find { it.id == 'mae' }.params.find { it.name == 'norm_pix_loss' }.type", equalTo("bool"))
                .body("methods.find { it.id == 'random-init' }.params", hasSize(0))
                .body("backbones", hasItems("convnet-s", "resnet18-cifar"))
                .body("protocols", hasItems("knn/v1", "linear-probe/v1", "label-efficiency/v1"))
                .body("recipes", hasItems("simclr", "none"));
    }
}
