using System.Collections.Concurrent;
using System.Globalization;
using Amazon.Runtime;
using DurableFlows.Aws.Ecs;
using Microsoft.Extensions.Logging;
using Model = DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Deployments;

/// <summary>
/// <see cref="IEcsTaskLauncher"/> over the typed ECS client: one client per work pool (its region, or the
/// local emulator's address with the emulator's <c>test</c>/<c>test</c> credentials).
/// </summary>
public sealed class EcsClientTaskLauncher(ILoggerFactory loggerFactory, TimeProvider timeProvider) : IEcsTaskLauncher, IDisposable
{
    private readonly ConcurrentDictionary<string, EcsClient> _clients = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<EcsLaunchResult> RunTaskAsync(WorkPool pool, EcsLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(request);
        var usesStrategy = pool.CapacityProviderStrategy.Count > 0;
        var runTask = new Model.RunTaskRequest
        {
            Cluster = pool.Cluster,
            TaskDefinition = pool.TaskDefinition,
            Count = 1,
            LaunchType = usesStrategy ? null : pool.LaunchType,
            CapacityProviderStrategy = usesStrategy
                ? [.. pool.CapacityProviderStrategy.Select(s => new Model.CapacityProviderStrategyItem { CapacityProvider = s.CapacityProvider, Weight = s.Weight, Base = s.Base })]
                : null,
            NetworkConfiguration = pool.Subnets.Count == 0 ? null : new Model.NetworkConfiguration
            {
                AwsvpcConfiguration = new Model.AwsVpcConfiguration
                {
                    Subnets = pool.Subnets,
                    SecurityGroups = pool.SecurityGroups.Count == 0 ? null : pool.SecurityGroups,
                    AssignPublicIp = pool.AssignPublicIp,
                },
            },
            Overrides = new Model.TaskOverride
            {
                Cpu = request.Cpu.ToString(CultureInfo.InvariantCulture),
                Memory = request.Memory.ToString(CultureInfo.InvariantCulture),
                TaskRoleArn = pool.TaskRoleArn,
                ExecutionRoleArn = pool.ExecutionRoleArn,
                ContainerOverrides =
                [
                    new Model.ContainerOverride
                    {
                        Name = pool.ContainerName,
                        Environment = [.. request.Env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new Model.EcsKeyValuePair { Name = e.Key, Value = e.Value })],
                    },
                ],
            },
            StartedBy = request.StartedBy,
            Tags = [.. request.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Model.EcsTag { Key = t.Key, Value = t.Value })],
            ClientToken = request.ClientToken,
        };
        try
        {
            var response = await ClientFor(pool).RunTaskAsync(runTask, cancellationToken);
            return new EcsLaunchResult(
                response.Tasks.FirstOrDefault()?.TaskArn,
                [.. response.Failures.Select(f => new EcsFailure(f.Reason ?? "UNKNOWN", f.Detail, f.Arn))]);
        }
        catch (EcsException e) when ((int)e.StatusCode is >= 400 and < 500)
        {
            // A refused request (bad task definition, unknown cluster...) fails the run with ECS's words;
            // throttling and 5xx were already retried by the client.
            return new EcsLaunchResult(null, [new EcsFailure(e.ErrorCode, e.ErrorMessage)]);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EcsTaskSnapshot>> DescribeTasksAsync(WorkPool pool, IReadOnlyList<string> taskArns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var response = await ClientFor(pool).DescribeTasksAsync(new Model.DescribeTasksRequest { Cluster = pool.Cluster, Tasks = taskArns }, cancellationToken);
        return [.. response.Tasks.Where(t => t.TaskArn is not null).Select(ToSnapshot)];
    }

    /// <inheritdoc />
    public async Task StopTaskAsync(WorkPool pool, string taskArn, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        await ClientFor(pool).StopTaskAsync(new Model.StopTaskRequest { Cluster = pool.Cluster, Task = taskArn, Reason = reason }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListTasksAsync(WorkPool pool, string startedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var arns = new List<string>();
        string? next = null;
        do
        {
            var page = await ClientFor(pool).ListTasksAsync(new Model.ListTasksRequest { Cluster = pool.Cluster, StartedBy = startedBy, NextToken = next }, cancellationToken);
            arns.AddRange(page.TaskArns);
            next = page.NextToken;
        }
        while (next is not null);
        return arns;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>Converts the ECS client's task to the run logic's view of it.</summary>
    public static EcsTaskSnapshot ToSnapshot(Model.EcsTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new EcsTaskSnapshot
        {
            TaskArn = task.TaskArn ?? throw new ArgumentException("The ECS task has no taskArn.", nameof(task)),
            ClusterArn = task.ClusterArn,
            LastStatus = task.LastStatus,
            DesiredStatus = task.DesiredStatus,
            StopCode = task.StopCode,
            StoppedReason = task.StoppedReason,
            Cpu = int.TryParse(task.Cpu, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cpu) ? cpu : null,
            Memory = int.TryParse(task.Memory, NumberStyles.Integer, CultureInfo.InvariantCulture, out var memory) ? memory : null,
            StartedBy = task.StartedBy,
            Version = task.Version,
            Containers = [.. (task.Containers ?? []).Select(c => new EcsContainerSnapshot(c.Name ?? string.Empty, c.LastStatus, c.ExitCode, c.Reason))],
            EnvironmentOverrides = (task.Overrides?.ContainerOverrides ?? [])
                .Where(o => o.Name is not null && o.Environment is not null)
                .ToDictionary(
                    o => o.Name!,
                    o => (IReadOnlyDictionary<string, string>)o.Environment!.Where(v => v.Name is not null).ToDictionary(v => v.Name!, v => v.Value ?? string.Empty, StringComparer.Ordinal),
                    StringComparer.Ordinal),
        };
    }

    private EcsClient ClientFor(WorkPool pool) => _clients.GetOrAdd(pool.Name, _ => new EcsClient(
        new EcsClientOptions
        {
            Region = pool.Region ?? (pool.Type == WorkPoolType.Local ? "us-east-1" : null),
            ServiceUrl = pool.ServiceUrl,
            // The emulator's default credential pair; ECS pools use the SDK's credential chain.
            Credentials = pool.Type == WorkPoolType.Local ? new BasicAWSCredentials("test", "test") : null,
        },
        httpClient: null,
        loggerFactory.CreateLogger<EcsClient>(),
        timeProvider));
}
