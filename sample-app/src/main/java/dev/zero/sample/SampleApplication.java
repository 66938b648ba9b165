package dev.zero.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A todo application that uses the zero starter the way a user would: one dependency, a few
 * {@code zero.*} properties, and {@code /actuator/health} to watch.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
