package learn.redis.cacheaside;

import java.time.Duration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** Spring's cache abstraction backed by Redis, for a plain Spring context (no Spring Boot auto-configuration). */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class ProductCacheConfig {

    /** How long a cached product lives in the {@code products} cache. */
    public static final Duration PRODUCTS_TTL = Duration.ofMinutes(10);

    @Bean
    public RedisCacheManager cacheManager(RedisConnectionFactory connectionFactory) {
        // TODO Task 8: RedisCacheManager.builder(RedisCacheWriter.create(connectionFactory, c -> c.immediateWrites()))
        //  with a "products" cache: PRODUCTS_TTL, keys lab07:products:ID, values as JSON (JacksonJsonRedisSerializer),
        //  no cached nulls. Not builder(connectionFactory): its writer is asynchronous (chapter, Task 8).
        throw new UnsupportedOperationException(
                "TODO Task 8: build the RedisCacheManager (docs/07-cache-aside.md, Task 8)");
    }

    @Bean
    public SpringProductService productService(ProductRepository repository) {
        return new SpringProductService(repository);
    }
}
