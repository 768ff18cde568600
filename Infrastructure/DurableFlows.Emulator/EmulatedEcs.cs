using System.Globalization;
using System.Net;
using System.Text.Json;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;
using DurableFlows.Emulator.Limits;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Emulator;

/// <summary>The emulator's ECS state (clusters, task definitions, tasks, client tokens) and its operations.</summary>
internal sealed class EmulatedEcs
{
    private readonly Lock _gate = new();
    private readonly EcsEmulatorOptions _options;
    private readonly ResourceEnforcer _enforcer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, List<TaskDefinition>> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<EcsTag>> _definitionTags = new(StringComparer.Ordinal);
    private readonly List<EmulatedTask> _tasks = [];
    private readonly Dictionary<string, EmulatedTask> _tasksById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, IReadOnlyList<EmulatedTask> Tasks)> _clientTokens = new(StringComparer.Ordinal);
    private readonly List<EcsEventSubscription> _subscribers = [];

    public EmulatedEcs(EcsEmulatorOptions options, ResourceEnforcer enforcer, ILogger logger, TimeProvider time)
    {
        _options = options;
        _enforcer = enforcer;
        _logger = logger;
        _time = time;
    }

    public EcsEventSubscription Subscribe()
    {
        EcsEventSubscription? subscription = null;
        subscription = new EcsEventSubscription(_ => { lock (_subscribers) { _subscribers.Remove(subscription!); } });
        lock (_subscribers)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    public RegisterTaskDefinitionResponse RegisterTaskDefinition(RegisterTaskDefinitionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Family))
        {
            throw EcsApiException.Client("Family is required: a name of up to 255 letters, numbers, hyphens and underscores.");
        }

        if (request.ContainerDefinitions.Count == 0)
        {
            throw EcsApiException.Client("Container list cannot be empty.");
        }

        var unnamed = request.ContainerDefinitions.FirstOrDefault(container => string.IsNullOrEmpty(container.Name));
        if (unnamed is not null)
        {
            throw EcsApiException.Client("Container.name should not be null or empty.");
        }

        lock (_gate)
        {
            if (!_families.TryGetValue(request.Family, out var revisions))
            {
                revisions = [];
                _families[request.Family] = revisions;
            }

            var revision = revisions.Count + 1;
            var definition = new TaskDefinition
            {
                TaskDefinitionArn = $"arn:aws:ecs:{_options.Region}:{_options.AccountId}:task-definition/{request.Family}:{revision}",
                Family = request.Family,
                Revision = revision,
                ContainerDefinitions = request.ContainerDefinitions,
                Cpu = request.Cpu,
                Memory = request.Memory,
                NetworkMode = request.NetworkMode,
                RequiresCompatibilities = request.RequiresCompatibilities,
                Compatibilities = ["EC2", "FARGATE"],
                TaskRoleArn = request.TaskRoleArn,
                ExecutionRoleArn = request.ExecutionRoleArn,
                Status = "ACTIVE",
                RegisteredAt = _time.GetUtcNow(),
            };
            revisions.Add(definition);
            _definitionTags[definition.TaskDefinitionArn] = request.Tags ?? [];
            return new RegisterTaskDefinitionResponse { TaskDefinition = definition, Tags = request.Tags ?? [] };
        }
    }

    public DescribeTaskDefinitionResponse DescribeTaskDefinition(DescribeTaskDefinitionRequest request)
    {
        lock (_gate)
        {
            var definition = FindDefinition(request.TaskDefinition)
                ?? throw EcsApiException.Client("Unable to describe task definition.");
            var tags = request.Include?.Contains("TAGS") == true ? _definitionTags[definition.TaskDefinitionArn!] : null;
            return new DescribeTaskDefinitionResponse { TaskDefinition = definition, Tags = tags };
        }
    }

    public RunTaskResponse RunTask(RunTaskRequest request)
    {
        var clusterArn = ClusterArn(request.Cluster);
        Validate(request);
        var fingerprint = JsonSerializer.Serialize(request, EcsJson.ApiOptions);
        List<EmulatedTask> started;
        lock (_gate)
        {
            var tokenKey = request.ClientToken is null ? null : $"{clusterArn}|{request.ClientToken}";
            if (tokenKey is not null && _clientTokens.TryGetValue(tokenKey, out var earlier))
            {
                return earlier.Fingerprint == fingerprint
                    ? new RunTaskResponse { Tasks = earlier.Tasks.Select(task => Public(task.Describe(), includeTags: true)).ToList() }
                    : throw new EcsApiException(HttpStatusCode.BadRequest, EcsErrorCode.ConflictException,
                        $"The RunTask request could not be processed due to conflicts. The provided clientToken {request.ClientToken} " +
                        "is already in use with a different RunTask request.");
            }

            var definition = FindDefinition(request.TaskDefinition)
                ?? throw EcsApiException.InvalidParameter("TaskDefinition not found.");
            var containers = PlanContainers(definition, request);
            var (cpu, memory) = TaskSize(definition, request);
            started = [];
            for (var i = 0; i < (request.Count ?? 1); i++)
            {
                var taskId = Guid.NewGuid().ToString("N");
                var plan = new TaskPlan(
                    taskId,
                    $"{clusterArn.Replace(":cluster/", ":task/", StringComparison.Ordinal)}/{taskId}",
                    clusterArn,
                    definition,
                    request,
                    cpu,
                    memory,
                    request.Group ?? $"family:{definition.Family}",
                    containers);
                var limits = _enforcer.ForTask(taskId, ParseSize(cpu), ParseSize(memory));
                var task = new EmulatedTask(plan, limits, Publish, _options, _logger, _time);
                _tasks.Add(task);
                _tasksById[taskId] = task;
                started.Add(task);
            }

            if (tokenKey is not null)
            {
                _clientTokens[tokenKey] = (fingerprint, started);
            }
        }

        var response = new RunTaskResponse { Tasks = started.Select(task => Public(task.Describe(), includeTags: true)).ToList() };
        foreach (var task in started)
        {
            task.Launch();
        }

        return response;
    }

    public DescribeTasksResponse DescribeTasks(DescribeTasksRequest request)
    {
        var clusterArn = ClusterArn(request.Cluster);
        if (request.Tasks.Count > 100)
        {
            throw EcsApiException.InvalidParameter($"Tasks cannot be longer than 100 items, got {request.Tasks.Count}.");
        }

        var includeTags = request.Include?.Contains("TAGS") == true;
        var tasks = new List<EcsTask>();
        var failures = new List<EcsFailure>();
        foreach (var reference in request.Tasks)
        {
            var task = Find(clusterArn, reference);
            if (task is null)
            {
                failures.Add(new EcsFailure { Arn = reference, Reason = "MISSING" });
            }
            else
            {
                tasks.Add(Public(task.Describe(), includeTags));
            }
        }

        return new DescribeTasksResponse { Tasks = tasks, Failures = failures };
    }

    public StopTaskResponse StopTask(StopTaskRequest request)
    {
        var clusterArn = ClusterArn(request.Cluster);
        var task = Find(clusterArn, request.Task) ?? throw EcsApiException.InvalidParameter("The referenced task was not found.");
        return new StopTaskResponse { Task = Public(task.Stop(request.Reason), includeTags: false) };
    }

    public ListTasksResponse ListTasks(ListTasksRequest request)
    {
        var clusterArn = ClusterArn(request.Cluster);
        var desired = request.DesiredStatus ?? EcsTaskStatus.Running;
        var pageSize = request.MaxResults ?? 100;
        if (pageSize is < 1 or > 100)
        {
            throw EcsApiException.InvalidParameter($"maxResults must be between 1 and 100, got {pageSize}.");
        }

        var offset = 0;
        if (request.NextToken is not null && !int.TryParse(request.NextToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw EcsApiException.InvalidParameter($"Invalid nextToken '{request.NextToken}': pass the nextToken of the previous ListTasks response.");
        }

        List<string> matching;
        lock (_gate)
        {
            matching = _tasks
                .Where(task => task.Plan.ClusterArn == clusterArn)
                .Where(task => request.Family is null || task.Plan.Definition.Family == request.Family)
                .Where(task => request.StartedBy is null || task.Plan.Request.StartedBy == request.StartedBy)
                .Where(task => request.LaunchType is null || (task.Plan.Request.LaunchType ?? "EC2") == request.LaunchType)
                .Where(task => task.DesiredStatus == desired)
                .Select(task => task.Plan.TaskArn)
                .ToList();
        }

        var page = matching.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < matching.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return new ListTasksResponse { TaskArns = page, NextToken = next };
    }

    /// <summary>Kills every task and waits for them to be STOPPED (and their cgroups removed).</summary>
    public async Task ShutdownAsync(TimeSpan patience)
    {
        List<EmulatedTask> tasks;
        lock (_gate)
        {
            tasks = [.. _tasks];
        }

        foreach (var task in tasks)
        {
            task.Kill();
        }

        await Task.WhenAny(Task.WhenAll(tasks.Select(task => task.Stopped)), Task.Delay(patience, _time));
        lock (_subscribers)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Complete();
            }

            _subscribers.Clear();
        }
    }

    private void Publish(EcsTaskStateChangeDetail detail)
    {
        var change = new EcsTaskStateChangeEvent
        {
            Id = Guid.NewGuid().ToString(),
            Account = _options.AccountId,
            Time = detail.UpdatedAt,
            Region = _options.Region,
            Resources = [detail.TaskArn!],
            Detail = detail,
        };
        lock (_subscribers)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Deliver(change);
            }
        }
    }

    private static EcsTask Public(EcsTaskStateChangeDetail detail, bool includeTags) =>
        includeTags ? detail : detail with { Tags = null };

    private EmulatedTask? Find(string clusterArn, string reference)
    {
        var id = reference.Contains('/', StringComparison.Ordinal) ? reference[(reference.LastIndexOf('/') + 1)..] : reference;
        lock (_gate)
        {
            return _tasksById.TryGetValue(id, out var task) && task.Plan.ClusterArn == clusterArn ? task : null;
        }
    }

    private string ClusterArn(string? cluster)
    {
        var name = string.IsNullOrEmpty(cluster) ? "default" : cluster.Contains(":cluster/", StringComparison.Ordinal)
            ? cluster[(cluster.IndexOf(":cluster/", StringComparison.Ordinal) + ":cluster/".Length)..]
            : cluster;
        if (name != "default" && !_options.Clusters.Contains(name))
        {
            throw new EcsApiException(HttpStatusCode.BadRequest, EcsErrorCode.ClusterNotFoundException, "Cluster not found.");
        }

        return $"arn:aws:ecs:{_options.Region}:{_options.AccountId}:cluster/{name}";
    }

    // Caller holds the lock.
    private TaskDefinition? FindDefinition(string reference)
    {
        var text = reference.Contains(":task-definition/", StringComparison.Ordinal)
            ? reference[(reference.IndexOf(":task-definition/", StringComparison.Ordinal) + ":task-definition/".Length)..]
            : reference;
        var colon = text.LastIndexOf(':');
        var family = colon < 0 ? text : text[..colon];
        if (!_families.TryGetValue(family, out var revisions) || revisions.Count == 0)
        {
            return null;
        }

        if (colon < 0)
        {
            return revisions[^1];
        }

        return int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
               && revision >= 1 && revision <= revisions.Count
            ? revisions[revision - 1]
            : null;
    }

    private static void Validate(RunTaskRequest request)
    {
        if (request.Count is < 1 or > 10)
        {
            throw EcsApiException.InvalidParameter($"Count must be between 1 and 10, got {request.Count}.");
        }

        if (request.ClientToken is { Length: > 64 })
        {
            throw EcsApiException.InvalidParameter($"clientToken must be at most 64 characters, got {request.ClientToken.Length}.");
        }

        if (request.StartedBy is { Length: > 128 })
        {
            throw EcsApiException.InvalidParameter($"startedBy must be at most 128 characters, got {request.StartedBy.Length}.");
        }

        if (request.LaunchType is not null && request.CapacityProviderStrategy is { Count: > 0 })
        {
            throw EcsApiException.InvalidParameter("Specifying both a launch type and capacity provider strategy is not supported.");
        }
    }

    private List<ContainerPlan> PlanContainers(TaskDefinition definition, RunTaskRequest request)
    {
        var containers = definition.ContainerDefinitions ?? [];
        foreach (var containerOverride in request.Overrides?.ContainerOverrides ?? [])
        {
            if (!containers.Any(container => container.Name == containerOverride.Name))
            {
                throw EcsApiException.InvalidParameter(
                    $"Override for container named {containerOverride.Name} is not a container in the TaskDefinition.");
            }
        }

        return containers
            .Select(container => ContainerPlan.From(
                container,
                request.Overrides?.ContainerOverrides?.LastOrDefault(over => over.Name == container.Name),
                _options.StopTimeout))
            .ToList();
    }

    private static (string? Cpu, string? Memory) TaskSize(TaskDefinition definition, RunTaskRequest request)
    {
        var containers = definition.ContainerDefinitions ?? [];
        var cpu = request.Overrides?.Cpu ?? definition.Cpu
            ?? (containers.Any(container => container.Cpu is not null) ? containers.Sum(container => container.Cpu ?? 0).ToString(CultureInfo.InvariantCulture) : null);
        var memory = request.Overrides?.Memory ?? definition.Memory
            ?? (containers.Any(container => container.Memory is not null) ? containers.Sum(container => container.Memory ?? 0).ToString(CultureInfo.InvariantCulture) : null);
        foreach (var (name, value) in new[] { ("cpu", cpu), ("memory", memory) })
        {
            if (value is not null && ParseSize(value) is null)
            {
                throw EcsApiException.InvalidParameter($"Task {name} '{value}' is not a whole number ({name} is given in {(name == "cpu" ? "CPU units" : "MiB")}).");
            }
        }

        var fargate = request.LaunchType == "FARGATE"
                      || request.CapacityProviderStrategy?.Any(item => item.CapacityProvider?.StartsWith("FARGATE", StringComparison.Ordinal) == true) == true;
        if (fargate)
        {
            var cpuUnits = ParseSize(cpu);
            var memoryMiB = ParseSize(memory);
            if (cpuUnits is null || memoryMiB is null || !FargateSizes.IsValid(cpuUnits.Value, memoryMiB.Value))
            {
                throw EcsApiException.Client(
                    $"No Fargate configuration exists for given values: {cpu ?? "no"} CPU, {memory ?? "no"} memory. " +
                    "See the Amazon ECS documentation for the valid values.");
            }
        }

        return (cpu, memory);
    }

    private static int? ParseSize(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : null;
}
