using DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Emulator;

/// <summary>What one container of a task runs: the task definition merged with RunTask's overrides.</summary>
internal sealed record ContainerPlan(
    string Name,
    string? Image,
    IReadOnlyList<string> Argv,
    IReadOnlyDictionary<string, string> Environment,
    string? WorkingDirectory,
    bool Essential,
    TimeSpan StopTimeout,
    string? Cpu,
    string? Memory,
    string? MemoryReservation)
{
    public static ContainerPlan From(ContainerDefinition definition, ContainerOverride? containerOverride, TimeSpan defaultStopTimeout)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in (definition.Environment ?? []).Concat(containerOverride?.Environment ?? []))
        {
            if (variable.Name is not null)
            {
                environment[variable.Name] = variable.Value ?? string.Empty;
            }
        }

        var argv = (definition.EntryPoint ?? []).Concat(containerOverride?.Command ?? definition.Command ?? []).ToList();
        return new ContainerPlan(
            definition.Name!,
            definition.Image,
            argv,
            environment,
            definition.WorkingDirectory,
            definition.Essential ?? true,
            definition.StopTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : defaultStopTimeout,
            Format(containerOverride?.Cpu ?? definition.Cpu),
            Format(containerOverride?.Memory ?? definition.Memory),
            Format(containerOverride?.MemoryReservation ?? definition.MemoryReservation));
    }

    private static string? Format(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
