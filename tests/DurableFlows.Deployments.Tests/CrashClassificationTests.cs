
namespace DurableFlows.Deployments.Tests;

public sealed class CrashClassificationTests
{
    private static DeploymentRunCrash Classify(string json) =>
        DeploymentCrashClassifier.Classify(TaskStateChangeEvent.Parse(json)!, "runner");

    [Fact]
    public void Out_of_memory_reads_the_runner_container_and_says_how_much_memory_it_had()
    {
        var crash = Classify(TaskStateChanges.Stopped());

        Assert.Equal(DeploymentCrashKind.OutOfMemory, crash.Kind);
        Assert.Equal((137, 512, 1024), (crash.ExitCode, crash.Cpu, crash.Memory));
        Assert.Equal("OOM at 1024 MiB (exit 137, OutOfMemoryError: Container killed due to memory usage)", crash.Describe());
    }

    [Fact]
    public void A_sidecar_container_exit_is_not_read_as_the_runner_exit()
    {
        var crash = Classify(TaskStateChanges.Stopped(runnerExit: null, runnerReason: null));

        Assert.Equal(DeploymentCrashKind.Unknown, crash.Kind);
        Assert.Null(crash.ExitCode);
    }

    [Fact]
    public void Runner_exiting_non_zero_is_an_essential_container_exit()
    {
        var crash = Classify(TaskStateChanges.Stopped(runnerExit: 139, runnerReason: null));

        Assert.Equal(DeploymentCrashKind.EssentialContainerExited, crash.Kind);
        Assert.Equal("the runner exited before the flow finished (exit 139, Essential container in task exited)", crash.Describe());
    }

    [Fact]
    public void Image_pull_failure_with_no_containers_started()
    {
        var crash = Classify(TaskStateChanges.Stopped(
            stopCode: "TaskFailedToStart",
            stoppedReason: "CannotPullContainerError: pull image manifest has been retried 5 time(s): not found",
            withContainers: false));

        Assert.Equal(DeploymentCrashKind.ImagePullFailure, crash.Kind);
        Assert.Null(crash.ExitCode);
    }

    [Theory]
    [InlineData("TaskFailedToStart", "ResourceInitializationError: unable to pull secrets", DeploymentCrashKind.TaskFailedToStart)]
    [InlineData("SpotInterruption", "Your Spot Task was interrupted.", DeploymentCrashKind.SpotInterruption)]
    [InlineData("TerminationNotice", "Task stopped due to host retirement", DeploymentCrashKind.TerminationNotice)]
    [InlineData("UserInitiated", "Task stopped by user", DeploymentCrashKind.UserInitiated)]
    [InlineData("ServiceSchedulerInitiated", "Scaling activity", DeploymentCrashKind.ServiceSchedulerInitiated)]
    public void Stop_codes_classify_tasks_whose_runner_did_not_report(string stopCode, string reason, DeploymentCrashKind expected)
    {
        var crash = Classify(TaskStateChanges.Stopped(stopCode: stopCode, stoppedReason: reason, runnerExit: null, runnerReason: null, withContainers: stopCode != "TaskFailedToStart"));

        Assert.Equal(expected, crash.Kind);
        Assert.Equal(stopCode, crash.StopCode);
        Assert.Equal(reason, crash.StoppedReason);
    }
}
