package learn.redis.cacheaside;

import java.time.Duration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/** Spring's cache abstraction backed by Redis, for a plain Spring context (no Spring Boot auto-configuration). */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class ProductCacheConfig {

    /** How long a cached product lives in the {@code products} cache. */
    public static final Duration PRODUCTS_TTL = Duration.ofMinutes(10);

    // tag::cacheManager[]
    @Bean
    public RedisCacheManager cacheManager(RedisConnectionFactory connectionFactory) {
        RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                // Spring's default prefix is "products::"; one namespace per application keeps a shared Redis tidy.
                .computePrefixWith(cacheName -> "lab07:" + cacheName + ":")
                // The default is no TTL at all: a cache that only grows and never refreshes.
                .entryTtl(Duration.ofMinutes(1))
                // Missing rows are not cached (penetration needs a short, separate TTL, see ProductService).
                .disableCachingNullValues();
        RedisCacheConfiguration products = defaults
                .entryTtl(PRODUCTS_TTL)
                // Plain JSON of one known type: readable in redis-cli, no Java class names inside the value. The
                // default, JDK serialization, is unreadable and breaks when the class changes.
                .serializeValuesWith(SerializationPair.fromSerializer(new JacksonJsonRedisSerializer<>(Product.class)));
        // Spring Data Redis 4 writes cache entries asynchronously by default: find() returns before its SET lands,
        // and that late SET can arrive after update()'s DEL, caching the old row again. Immediate writes finish first.
        RedisCacheWriter writer = RedisCacheWriter.nonLockingRedisCacheWriter(connectionFactory);
        return RedisCacheManager.builder(writer)
                .cacheDefaults(defaults)
                .withCacheConfiguration(SpringProductService.CACHE, products)
                .build();
    }
    // end::cacheManager[]

    @Bean
    public SpringProductService productService(ProductRepository repository) {
        return new SpringProductService(repository);
    }
}
