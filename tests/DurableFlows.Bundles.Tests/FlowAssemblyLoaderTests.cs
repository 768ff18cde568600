using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Bundles.Tests;

/// <summary>
/// A real <c>dotnet publish</c> of a tiny flow project in two folders (same bundle hash), bundled,
/// deployed to local storage, fetched and loaded in its own load context.
/// </summary>
public sealed class FlowAssemblyLoaderTests
{
    private const string FlowSource = """
        using Microsoft.DurableTask;

        namespace TinyFlows;

        [DurableTask("Tiny Flow")]
        public sealed class TinyFlow : TaskOrchestrator<string, string>
        {
            public override Task<string> RunAsync(TaskOrchestrationContext context, string input)
                => context.CallActivityAsync<string>("shout", input);
        }

        [DurableTask("shout")]
        public sealed class Shout : TaskActivity<string, string>
        {
            public override Task<string> RunAsync(TaskActivityContext context, string input)
                => Task.FromResult(input.ToUpperInvariant());
        }

        public sealed class Whisper : TaskActivity<string, string>
        {
            public override Task<string> RunAsync(TaskActivityContext context, string input)
                => Task.FromResult(input.ToLowerInvariant());
        }

        public abstract class NotATask : TaskActivity<string, string>
        {
        }
        """;

    [Fact]
    public async Task A_published_flow_project_is_bundled_reproducibly_and_loads_in_its_own_context()
    {
        using var folders = new TestFolders();
        var project = await WriteProjectAsync(folders.Folder("checkout-one/TinyFlows"));
        var copy = await WriteProjectAsync(folders.Folder("other-checkout/TinyFlows"));
        var builder = new CodeBundleBuilder();
        var progress = new List<BundleProgress>();

        var timer = Stopwatch.StartNew();
        var bundle = await builder.BuildAsync([project], folders.Folder("work1"), new SynchronousProgress<BundleProgress>(progress.Add));
        var firstBuild = timer.ElapsedMilliseconds;
        var again = await builder.BuildAsync([copy], folders.Folder("work2"));
        Console.WriteLine($"tiny flow project: publish+zip {firstBuild} ms, bundle {bundle.Size} bytes, same code in another folder {timer.ElapsedMilliseconds - firstBuild} ms");

        Assert.Equal(bundle.Sha256, again.Sha256);
        Assert.Equal([BundleStage.Publishing, BundleStage.Zipping, BundleStage.Built], progress.Select(p => p.Stage));
        var storage = new LocalCodeStorage(folders.Folder("code"));
        await new CodeBundleUploader(storage, CodeStorageOptions.DefaultMaxBundleBytes, NullLogger<CodeBundleUploader>.Instance).UploadAsync(bundle);
        var fetched = await new CodeBundleFetcher(storage, folders.Folder("cache"), NullLogger<CodeBundleFetcher>.Instance).FetchAsync(bundle.Sha256);

        var context = LoadAndCheck(fetched.Directory);

        for (var attempt = 0; context.IsAlive && attempt < 20; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive, "the bundle's load context was not unloaded");
    }

    [Fact]
    public void A_folder_without_flows_is_refused_with_its_path()
    {
        using var folders = new TestFolders();
        var empty = folders.Folder("empty");

        var error = Assert.Throws<BundleBuildException>(() => FlowAssemblyLoader.Load(empty));

        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        Assert.Contains("no class implementing ITaskOrchestrator or ITaskActivity", error.Message, StringComparison.Ordinal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndCheck(string directory)
    {
        using var flows = FlowAssemblyLoader.Load(directory);

        Assert.Equal(
            [("Tiny Flow", FlowTaskKind.Orchestrator), ("Whisper", FlowTaskKind.Activity), ("shout", FlowTaskKind.Activity)],
            flows.Tasks.Select(t => (t.Name, t.Kind)));
        var orchestrator = flows.Orchestrators.Single().Type;
        Assert.True(typeof(ITaskOrchestrator).IsAssignableFrom(orchestrator), "the flow's ITaskOrchestrator is not the host's");
        Assert.Same(flows.LoadContext, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(orchestrator.Assembly));
        Assert.True(flows.LoadContext.IsCollectible);
        Assert.Same(typeof(ITaskOrchestrator).Assembly, orchestrator.GetInterfaces().Single(i => i.Name == nameof(ITaskOrchestrator)).Assembly);

        var registry = new DurableTaskRegistry();
        flows.RegisterWith(registry);
        var activity = (ITaskActivity)Activator.CreateInstance(flows.Activities.Single(a => a.Name == "shout").Type)!;
        Assert.Equal(typeof(string), activity.InputType);
        return new WeakReference(flows.LoadContext);
    }

    private static async Task<string> WriteProjectAsync(string folder)
    {
        var version = typeof(ITaskOrchestrator).Assembly.GetName().Version!;
        var project = Path.Combine(folder, "TinyFlows.csproj");
        await File.WriteAllTextAsync(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>disable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.DurableTask.Abstractions" Version="{version.Major}.{version.Minor}.{version.Build}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "Flows.cs"), FlowSource);
        return project;
    }
}
