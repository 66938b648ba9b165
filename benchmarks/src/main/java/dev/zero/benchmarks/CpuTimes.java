package dev.zero.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time used so far by the parties of a drain, read from {@code /proc} (Linux only): this
 * JVM, the child processes it has waited for (pg_recvlogical), the PostgreSQL server (the
 * postmaster, the children it has reaped and those still running) and the whole machine. On a
 * machine with few cores, these show who was busy while the clock ran: the client, the
 * walsender, or something else on the machine.
 *
 * @param jvm this JVM's own CPU time, every thread included
 * @param reapedChildren the CPU time of this JVM's finished child processes
 * @param server the server's CPU time
 * @param machine the CPU time of all processes on the machine, all cores together
 */
record CpuTimes(Duration jvm, Duration reapedChildren, Duration server, Duration machine) {

	// USER_HZ, which /proc/<pid>/stat counts in, is 100 on every architecture Linux runs on today.
	private static final long NANOS_PER_TICK = 10_000_000;

	static boolean available() {
		return Files.isReadable(Path.of("/proc/self/stat"));
	}

	static CpuTimes now(ProcessHandle postmaster) {
		long[] self = stat(ProcessHandle.current().pid());
		long[] server = stat(postmaster.pid());
		long serverTicks = server[0] + server[1] + server[2] + server[3];
		for (ProcessHandle child : postmaster.children().toList()) {
			long[] times = stat(child.pid());
			serverTicks += times[0] + times[1];
		}
		long jvmNanos = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
		return new CpuTimes(Duration.ofNanos(jvmNanos), Duration.ofNanos((self[2] + self[3]) * NANOS_PER_TICK),
				Duration.ofNanos(serverTicks * NANOS_PER_TICK), Duration.ofNanos(machineBusyTicks() * NANOS_PER_TICK));
	}

	/**
	 * Waits until the server's processes are those of {@code baseline} again, so that a
	 * walsender that has just lost its client has finished and been reaped, and its CPU time
	 * counted with the postmaster's children.
	 */
	static void awaitServerProcesses(ProcessHandle postmaster, Set<Long> baseline) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!baseline.containsAll(pids(postmaster)) && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
	}

	static Set<Long> pids(ProcessHandle postmaster) {
		return postmaster.children().map(ProcessHandle::pid).collect(Collectors.toSet());
	}

	CpuTimes since(CpuTimes earlier) {
		return new CpuTimes(this.jvm.minus(earlier.jvm), this.reapedChildren.minus(earlier.reapedChildren),
				this.server.minus(earlier.server), this.machine.minus(earlier.machine));
	}

	/** Time in user, nice, system, irq and softirq mode, all cores together. */
	private static long machineBusyTicks() {
		try {
			String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
			String[] fields = cpu.substring("cpu".length()).strip().split("\\s+");
			return Long.parseLong(fields[0]) + Long.parseLong(fields[1]) + Long.parseLong(fields[2])
					+ Long.parseLong(fields[5]) + Long.parseLong(fields[6]);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** utime, stime, cutime and cstime, in ticks; zeros for a process that is gone. */
	private static long[] stat(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// The command name, in parentheses, may contain spaces: count fields after it.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
					Long.parseLong(fields[14]) };
		}
		catch (IOException ex) {
			return new long[4];
		}
	}

}
