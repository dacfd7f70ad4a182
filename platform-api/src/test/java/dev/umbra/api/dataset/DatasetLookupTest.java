package dev.umbra.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import java.lang.reflect.Field;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The lookup by name on every submission's path reads a dataset in plain JDBC: all of it, as Hibernate would. */
@QuarkusTest
class DatasetLookupTest {

    @Inject
    DatasetService datasets;

    @Test
    void aDatasetFoundByNameHasEveryFieldOfTheEntity() throws Exception {
        // Outside a request the service acts for the team default, which holds the bundled sample.
        Dataset byName = QuarkusTransaction.requiringNew().call(() -> datasets.findByName(TestData.SAMPLE)).orElseThrow();
        Dataset entity = QuarkusTransaction.requiringNew().call(() -> Dataset.<Dataset>findById(byName.id));

        // Mapped fields by their annotation: the build's entity enhancement changes their modifiers.
        Field[] columns = Arrays.stream(Dataset.class.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(Column.class) || f.isAnnotationPresent(Id.class)).toArray(Field[]::new);
        assertThat(columns).extracting(Field::getName).contains("id", "classNames", "checksum", "hflipPreservesLabels", "createdAt");
        for (Field column : columns) {
            column.setAccessible(true);
            assertThat(column.get(byName)).as(column.getName()).isEqualTo(column.get(entity));
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> datasets.findByName("no-such-dataset"))).isEmpty();
    }
}
