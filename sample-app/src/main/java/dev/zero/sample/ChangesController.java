package dev.zero.sample;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /changes}: the last changes the replication listener delivered, oldest first.
 */
@RestController
class ChangesController {

	private final RecentChanges changes;

	ChangesController(RecentChanges changes) {
		this.changes = changes;
	}

	@GetMapping("/changes")
	List<RecentChanges.ChangeView> changes() {
		return this.changes.list();
	}

}
