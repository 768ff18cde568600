using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;
using DurableFlows.Emulator.Limits;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Emulator;

/// <summary>
/// One task: its containers as local processes and its life PROVISIONING, PENDING, RUNNING, STOPPED.
/// Every change bumps <c>version</c> and is published as an "ECS Task State Change" event.
/// </summary>
internal sealed class EmulatedTask
{
    private const string OutOfMemoryReason = "OutOfMemoryError: Container killed due to memory usage";

    private readonly Lock _gate = new();
    private readonly TaskPlan _plan;
    private readonly TaskResourceLimits _limits;
    private readonly Action<EcsTaskStateChangeDetail> _publish;
    private readonly EcsEmulatorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<ContainerRun> _containers;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _version;
    private string _lastStatus = EcsTaskStatus.Provisioning;
    private string _desiredStatus = EcsTaskStatus.Running;
    private string? _stopCode;
    private string? _stoppedReason;
    private string? _connectivity;
    private readonly DateTimeOffset _createdAt;
    private DateTimeOffset? _connectivityAt, _pullStartedAt, _pullStoppedAt, _startedAt, _stoppingAt, _executionStoppedAt, _stoppedAt, _updatedAt;

    public EmulatedTask(
        TaskPlan plan, TaskResourceLimits limits, Action<EcsTaskStateChangeDetail> publish, EcsEmulatorOptions options, ILogger logger, TimeProvider time)
    {
        _plan = plan;
        _limits = limits;
        _publish = publish;
        _options = options;
        _logger = logger;
        _time = time;
        _containers = plan.Containers.Select(container => new ContainerRun(container)).ToList();
        _createdAt = time.GetUtcNow();
        lock (_gate)
        {
            Changed();
        }
    }

    public TaskPlan Plan => _plan;

    /// <summary>Completes when the task is STOPPED and its limits are cleaned up.</summary>
    public Task Stopped => _stopped.Task;

    public string DesiredStatus
    {
        get
        {
            lock (_gate)
            {
                return _desiredStatus;
            }
        }
    }

    public EcsTaskStateChangeDetail Describe()
    {
        lock (_gate)
        {
            return Snapshot();
        }
    }

    /// <summary>Moves the task to PENDING and starts its containers, unless it was stopped first.</summary>
    public void Launch() => _ = Task.Run(Start);

    /// <summary>StopTask: SIGTERM to every container now, SIGKILL after its stop timeout.</summary>
    public EcsTaskStateChangeDetail Stop(string? reason)
    {
        lock (_gate)
        {
            if (_lastStatus == EcsTaskStatus.Stopped || _desiredStatus == EcsTaskStatus.Stopped)
            {
                return Snapshot();
            }

            BeginStopping(EcsStopCode.UserInitiated, string.IsNullOrEmpty(reason) ? "Task stopped by user" : reason);
            if (_containers.All(container => container.Process is null))
            {
                // Not started yet: Start() sees the desired status and never starts a process.
                return Snapshot();
            }

            Changed();
            return Snapshot();
        }
    }

    /// <summary>Kills every process at once (the emulator is shutting down).</summary>
    public void Kill()
    {
        lock (_gate)
        {
            if (_lastStatus != EcsTaskStatus.Stopped)
            {
                BeginStopping(EcsStopCode.UserInitiated, "ECS emulator stopped");
            }

            foreach (var container in _containers)
            {
                KillTree(container);
            }
        }
    }

    private void Start()
    {
        lock (_gate)
        {
            if (_desiredStatus == EcsTaskStatus.Stopped)
            {
                foreach (var container in _containers)
                {
                    container.LastStatus = EcsTaskStatus.Stopped;
                }

                Finish();
                return;
            }

            var now = _time.GetUtcNow();
            _lastStatus = EcsTaskStatus.Pending;
            _connectivity = "CONNECTED";
            _connectivityAt = now;
            _pullStartedAt = now;
            _pullStoppedAt = now;
            Changed();

            foreach (var container in _containers)
            {
                var failure = StartContainer(container);
                if (failure is not null)
                {
                    FailToStart(container, failure);
                    return;
                }
            }

            _lastStatus = EcsTaskStatus.Running;
            _startedAt = _time.GetUtcNow();
            Changed();
        }
    }

    // Returns why the container could not start, in Docker's words, or null when it runs.
    private string? StartContainer(ContainerRun container)
    {
        var plan = container.Plan;
        if (plan.Argv.Count == 0)
        {
            return $"CannotStartContainerError: container '{plan.Name}' has no command or entryPoint; " +
                   "the ECS emulator runs a container's command as a local process and never runs an image's default command";
        }

        var workingDirectory = plan.WorkingDirectory ?? _options.WorkingDirectory ?? Environment.CurrentDirectory;
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A container started without -i reads end-of-file; so does the task process, not the emulator's console.
            RedirectStandardInput = true,
        };
        foreach (var (name, value) in plan.Environment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment["AWS_REGION"] = _options.Region;
        startInfo.Environment["AWS_DEFAULT_REGION"] = _options.Region;
        var executable = ResolveExecutable(plan.Argv[0], workingDirectory, startInfo.Environment.TryGetValue("PATH", out var path) ? path : null);
        if (executable is null)
        {
            return "CannotStartContainerError: Error response from daemon: failed to create task for container: failed to create shim task: " +
                   "OCI runtime create failed: runc create failed: unable to start container process: " +
                   $"exec: \"{plan.Argv[0]}\": executable file not found in $PATH: unknown";
        }

        startInfo.FileName = executable;
        foreach (var argument in plan.Argv.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        _limits.Prepare(startInfo);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Output(plan.Name, line.Data, isError: false);
        process.ErrorDataReceived += (_, line) => Output(plan.Name, line.Data, isError: true);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            return $"CannotStartContainerError: Error response from daemon: unable to start container process: exec: \"{plan.Argv[0]}\": {ex.Message}: unknown";
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _limits.Attach(process);
        container.Started(process);
        container.LastStatus = EcsTaskStatus.Running;
        _logger.ContainerStarted(_plan.TaskId, plan.Name, process.Id, _plan.Cpu ?? "-", _plan.Memory ?? "-");
        _ = WatchAsync(container, process);
        return null;
    }

    private void FailToStart(ContainerRun failed, string reason)
    {
        _logger.ContainerFailedToStart(_plan.TaskId, failed.Plan.Name, reason);
        failed.Reason = reason;
        _stopCode = EcsStopCode.TaskFailedToStart;
        _stoppedReason = reason;
        _desiredStatus = EcsTaskStatus.Stopped;
        _stoppingAt = _time.GetUtcNow();
        foreach (var container in _containers)
        {
            container.LastStatus = EcsTaskStatus.Stopped;
            KillTree(container);
        }

        if (_containers.All(container => container.Process is null || container.Exited))
        {
            Finish();
        }
    }

    private async Task WatchAsync(ContainerRun container, Process process)
    {
        // Also waits for the end of stdout and stderr, so the last lines come before the STOPPED event.
        await process.WaitForExitAsync();
        lock (_gate)
        {
            var oom = _limits.TakeOomKill();
            container.Exited = true;
            container.ExitCode = process.ExitCode;
            container.LastStatus = EcsTaskStatus.Stopped;
            container.Reason = oom ? OutOfMemoryReason : container.Reason;
            _logger.ContainerExited(_plan.TaskId, container.Plan.Name, container.ExitCode, container.Reason);
            process.Dispose();

            if (container.Plan.Essential && _desiredStatus != EcsTaskStatus.Stopped)
            {
                BeginStopping(EcsStopCode.EssentialContainerExited, "Essential container in task exited");
            }

            if (_containers.All(run => run.Process is null || run.Exited))
            {
                Finish();
            }
            else if (_desiredStatus == EcsTaskStatus.Stopped)
            {
                Changed();
            }
        }
    }

    // Caller holds the lock.
    private void BeginStopping(string stopCode, string reason)
    {
        _desiredStatus = EcsTaskStatus.Stopped;
        _stopCode ??= stopCode;
        _stoppedReason ??= reason;
        _stoppingAt ??= _time.GetUtcNow();
        foreach (var container in _containers.Where(run => run.Process is not null && !run.Exited))
        {
            Signals.Send(container.Process!.Id, Signals.SigTerm);
            _ = KillAfterAsync(container, container.Plan.StopTimeout);
        }
    }

    private async Task KillAfterAsync(ContainerRun container, TimeSpan grace)
    {
        await Task.Delay(grace, _time);
        lock (_gate)
        {
            KillTree(container);
        }
    }

    // Caller holds the lock.
    private static void KillTree(ContainerRun container)
    {
        if (container.Process is { } process && !container.Exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }
    }

    // Caller holds the lock.
    private void Finish()
    {
        var now = _time.GetUtcNow();
        _desiredStatus = EcsTaskStatus.Stopped;
        _lastStatus = EcsTaskStatus.Stopped;
        _executionStoppedAt ??= now;
        _stoppingAt ??= now;
        _stoppedAt = now;
        _limits.KillRemaining();
        _limits.Dispose();
        Changed();
        _stopped.TrySetResult();
    }

    // Caller holds the lock.
    private void Changed()
    {
        _version++;
        _updatedAt = _time.GetUtcNow();
        _logger.TaskStateChanged(_plan.TaskArn, _lastStatus, _desiredStatus, _version);
        _publish(Snapshot());
    }

    // Caller holds the lock.
    private EcsTaskStateChangeDetail Snapshot() => new()
    {
        TaskArn = _plan.TaskArn,
        ClusterArn = _plan.ClusterArn,
        TaskDefinitionArn = _plan.Definition.TaskDefinitionArn,
        Overrides = _plan.Request.Overrides ?? new TaskOverride { ContainerOverrides = [] },
        LastStatus = _lastStatus,
        DesiredStatus = _desiredStatus,
        HealthStatus = "UNKNOWN",
        Cpu = _plan.Cpu,
        Memory = _plan.Memory,
        Containers = _containers.Select(run => new EcsContainer
        {
            ContainerArn = $"{_plan.ClusterArn.Replace(":cluster/", ":container/", StringComparison.Ordinal)}/{_plan.TaskId}/{run.Id}",
            TaskArn = _plan.TaskArn,
            Name = run.Plan.Name,
            Image = run.Plan.Image,
            RuntimeId = run.Pid?.ToString(CultureInfo.InvariantCulture),
            LastStatus = run.LastStatus,
            ExitCode = run.ExitCode,
            Reason = run.Reason,
            HealthStatus = "UNKNOWN",
            Cpu = run.Plan.Cpu ?? "0",
            Memory = run.Plan.Memory,
            MemoryReservation = run.Plan.MemoryReservation,
        }).ToList(),
        StartedBy = _plan.Request.StartedBy,
        Version = _version,
        StoppedReason = _stoppedReason,
        StopCode = _stopCode,
        Connectivity = _connectivity,
        ConnectivityAt = _connectivityAt,
        PullStartedAt = _pullStartedAt,
        PullStoppedAt = _pullStoppedAt,
        ExecutionStoppedAt = _executionStoppedAt,
        CreatedAt = _createdAt,
        StartedAt = _startedAt,
        StoppingAt = _stoppingAt,
        StoppedAt = _stoppedAt,
        Group = _plan.Group,
        LaunchType = _plan.Request.LaunchType ?? (_plan.Request.CapacityProviderStrategy is null ? "EC2" : null),
        CapacityProviderName = _plan.Request.CapacityProviderStrategy?.FirstOrDefault()?.CapacityProvider,
        PlatformVersion = _plan.Request.PlatformVersion ?? "1.4.0",
        AvailabilityZone = _options.Region + "a",
        Tags = _plan.Request.Tags ?? [],
        EnableExecuteCommand = _plan.Request.EnableExecuteCommand ?? false,
        UpdatedAt = _updatedAt,
    };

    private void Output(string container, string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        _logger.ContainerOutput(_plan.TaskId, container, line);
        _options.ContainerOutput?.Invoke(new ContainerOutputLine(_plan.TaskArn, container, line, isError));
    }

    private static string? ResolveExecutable(string command, string workingDirectory, string? path)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(command, workingDirectory);
            return IsExecutable(full) ? full : null;
        }

        foreach (var directory in (path ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file)
        && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    private sealed class ContainerRun(ContainerPlan plan)
    {
        public ContainerPlan Plan { get; } = plan;

        public string Id { get; } = Guid.NewGuid().ToString();

        public Process? Process { get; set; }

        public int? Pid { get; private set; }

        public bool Exited { get; set; }

        public string LastStatus { get; set; } = EcsTaskStatus.Pending;

        public int? ExitCode { get; set; }

        public string? Reason { get; set; }

        public void Started(Process process)
        {
            Process = process;
            Pid = process.Id;
        }
    }
}
