using LangfuseLifecycle.Core.Cost;
using LangfuseLifecycle.Core.Cost.Exceptions;
using LangfuseLifecycle.Core.Cost.Prices;
using LangfuseLifecycle.Core.Cost.Schedule;

namespace LangfuseLifecycle.Core.Tests.Cost;

public class BackendCostCalculatorTests
{
    private readonly BackendCostCalculator calculator = new(PriceTable.Default);

    // Expected figures are computed by hand from prices.tsv: December 2026 has 744 hours (UTC); Monday-Friday
    // 08:00-20:00 gives 276 awake hours in Tokyo and in New York (22 weekdays × 12 h, shifted across the UTC month edges).
    [Theory]
    [InlineData("v2", 92.75, 92.75)]
    [InlineData("v3 economy", 201.80, 145.88)]
    [InlineData("v3 proper", 230.99, 157.76)]
    public void Compare_WhenSeedConfigurationsInTokyo_ShouldPriceToTheCent(string name, double alwaysOn, double scheduled)
    {
        // Arrange
        var reference = SeedReference.All(2026, 12).Single(candidate => candidate.Name == name);

        // Act
        var comparison = calculator.Compare(reference.Input);

        // Assert
        Assert.Equal(744m, comparison.MonthHours);
        Assert.Equal(276m, comparison.AwakeHours);
        Assert.Equal((decimal)alwaysOn, comparison.AlwaysOn.TotalRoundedToCents);
        Assert.Equal((decimal)scheduled, comparison.Scheduled.TotalRoundedToCents);
    }

    [Fact]
    public void Compare_WhenBackendOnlyInNorthVirginia_ShouldPriceSpotWorkersStorageIoAndCacheToTheCent()
    {
        // Arrange
        var input = new BackendCostInput
        {
            Region = "us-east-1",
            Year = 2026,
            Month = 12,
            Schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "America/New_York"),
            ClickHouse = new FargateServiceSpec(new FargateTaskSize(1m, 8m)),
            Worker = new FargateServiceSpec(new FargateTaskSize(0.5m, 1m), TaskCount: 2, UseSpot: true),
            ClickHouseDataGb = 20m,
            EfsReadGbPerMonth = 5m,
            EfsWriteGbPerMonth = 10m,
            Cache = new CacheSpec("cache.t4g.micro"),
        };

        // Act
        var comparison = calculator.Compare(input);

        // Assert: ClickHouse 0.07604 $/h; workers 2 × (0.02024 + 0.004445) × 0.4; floor 3.20 + 0.15 + 0.60 + 9.5232.
        Assert.Equal(84.74m, comparison.AlwaysOn.TotalRoundedToCents);
        Assert.Equal(39.91m, comparison.Scheduled.TotalRoundedToCents);
        var spotVcpu = comparison.Scheduled.Lines.Single(line => line.Component == "Worker" && line.QuantityUnit == "vCPU-hours");
        Assert.Equal(0.04048m * 0.4m, spotVcpu.UnitPrice);
        Assert.Equal(276m, spotVcpu.Quantity);
        Assert.Equal("SA", spotVcpu.VerificationMarks);
    }

    [Fact]
    public void Compare_WhenYearEndHolidaysAreListed_ShouldPriceFewerAwakeHours()
    {
        // Arrange
        var reference = SeedReference.All(2026, 12).Single(candidate => candidate.Name == "v3 economy");
        var holidays = new[] { new DateOnly(2026, 12, 29), new DateOnly(2026, 12, 30), new DateOnly(2026, 12, 31) };
        var input = reference.Input with
        {
            Schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo", holidays),
        };

        // Act
        var comparison = calculator.Compare(input);

        // Assert: three 12-hour days fewer; the sleeping backend costs 36 h less ClickHouse and Spot worker time.
        Assert.Equal(240m, comparison.AwakeHours);
        var perAwakeHour = (0.05056m + 8m * 0.005536m) + (0.05056m + 2m * 0.005536m) * 0.4m + 1m * 0.081m + 2m * 0.009m - 2m * 0.009m;
        var baseline = calculator.Compare(reference.Input);
        Assert.Equal(Math.Round(baseline.Scheduled.Total - 36m * perAwakeHour, 2), comparison.Scheduled.TotalRoundedToCents);
    }

    [Fact]
    public void Compare_WhenWebPausesAndAuroraAutoPausesAtNight_ShouldChargeThemOnlyWhileAwake()
    {
        // Arrange
        var input = new BackendCostInput
        {
            Region = "us-east-1",
            Year = 2026,
            Month = 12,
            Schedule = SleepWakeSchedule.Create("cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", "America/New_York"),
            Web = new AppRunnerWebSpec(Vcpu: 0.25m, MemoryGb: 0.5m, PausedWhileAsleep: true),
            Database = new AuroraServerlessSpec(AcuWhileAwake: 0.5m, AcuWhileAsleep: 0m, StorageGb: 10m),
        };

        // Act
        var comparison = calculator.Compare(input);

        // Assert: scheduled = 276 × (0.25 × 0.064 + 0.5 × 0.007 + 0.5 × 0.12) + 1.00; always on adds idle memory and night ACUs.
        Assert.Equal(Math.Round(276m * (0.016m + 0.0035m + 0.06m) + 1.00m, 2), comparison.Scheduled.TotalRoundedToCents);
        Assert.Equal(Math.Round(276m * (0.016m + 0.0035m) + 468m * 0.0035m + 744m * 0.06m + 1.00m, 2), comparison.AlwaysOn.TotalRoundedToCents);
    }

    [Fact]
    public void Compare_WhenDocumentedLowCostPresets_ShouldStayAtOrBelowTheSeedsV2Price()
    {
        // Act
        var northVirginia = calculator.Compare(LowCostPreset.NorthVirginia(2026, 12));
        var tokyo = calculator.Compare(LowCostPreset.Tokyo(2026, 12));

        // Assert: the figures quoted in docs/cost.md.
        Assert.Equal(230m, northVirginia.AwakeHours);
        Assert.Equal(53.78m, northVirginia.Scheduled.TotalRoundedToCents);
        Assert.Equal(124.57m, northVirginia.AlwaysOn.TotalRoundedToCents);
        Assert.Equal(184m, tokyo.AwakeHours);
        Assert.Equal(59.75m, tokyo.Scheduled.TotalRoundedToCents);
        Assert.Equal(156.15m, tokyo.AlwaysOn.TotalRoundedToCents);
        Assert.True(northVirginia.Scheduled.Total <= 60m && tokyo.Scheduled.Total <= 60m);
    }

    [Fact]
    public void Compare_WhenRegionIsUnknown_ShouldThrowNamingRegion()
    {
        // Arrange
        var input = Economy() with { Region = "eu-west-9" };

        // Act
        var error = Assert.Throws<UnknownRegionException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("Region", error.Field);
    }

    [Fact]
    public void Compare_WhenClickHouseTaskSizeIsNotOffered_ShouldThrowNamingClickHouseTaskSize()
    {
        // Arrange
        var input = Economy() with { ClickHouse = new FargateServiceSpec(new FargateTaskSize(1m, 16m)) };

        // Act
        var error = Assert.Throws<InvalidTaskSizeException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("ClickHouse.TaskSize", error.Field);
        Assert.Contains("1 vCPU with 16 GB is not offered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WhenClickHouseOnSpot_ShouldRefuse()
    {
        // Arrange
        var input = Economy() with { ClickHouse = new FargateServiceSpec(new FargateTaskSize(1m, 8m), UseSpot: true) };

        // Act
        var error = Assert.Throws<InvalidCostInputException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("ClickHouse.UseSpot", error.Field);
    }

    [Fact]
    public void Compare_WhenWorkerOnSpotAndArm64_ShouldRefuseBecauseSpotHasNoGraviton()
    {
        // Arrange
        var input = Economy() with { Worker = new FargateServiceSpec(new FargateTaskSize(1m, 2m), Architecture: CpuArchitecture.Arm64, UseSpot: true) };

        // Act
        var error = Assert.Throws<InvalidCostInputException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("Worker.Architecture", error.Field);
        Assert.Contains("x86_64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WhenTokyoEfsIoIsPriced_ShouldThrowMissingPriceNamingTheInput()
    {
        // Arrange
        var input = Economy() with { EfsWriteGbPerMonth = 50m };

        // Act
        var error = Assert.Throws<MissingPriceException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("EfsWriteGbPerMonth", error.Field);
    }

    [Fact]
    public void Compare_WhenCacheNodeTypeIsNotInTheTable_ShouldThrowNamingCacheNodeType()
    {
        // Arrange
        var input = Economy() with { Cache = new CacheSpec("cache.r7g.large") };

        // Act
        var error = Assert.Throws<MissingPriceException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("Cache.NodeType", error.Field);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Compare_WhenSpotDiscountIsNotAFraction_ShouldThrowNamingSpotDiscount(double discount)
    {
        // Arrange
        var input = Economy() with { SpotDiscount = (decimal)discount };

        // Act
        var error = Assert.Throws<InvalidCostInputException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("SpotDiscount", error.Field);
    }

    [Fact]
    public void Compare_WhenMonthIsOutOfRange_ShouldThrowNamingMonth()
    {
        // Arrange
        var input = Economy() with { Month = 13 };

        // Act
        var error = Assert.Throws<InvalidCostInputException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("Month", error.Field);
    }

    [Fact]
    public void Compare_WhenScheduleNeverWakes_ShouldThrowScheduleNeverWakes()
    {
        // Arrange
        var input = Economy() with { Schedule = SleepWakeSchedule.Create("cron(0 8 31 11 ? *)", "cron(0 20 ? * MON-FRI *)", "Asia/Tokyo") };

        // Act
        var error = Assert.Throws<ScheduleNeverWakesException>(() => calculator.Compare(input));

        // Assert
        Assert.Equal("WakeExpression", error.Field);
    }

    [Fact]
    public void FormatSeedTable_WhenSeedConfigurationsPriced_ShouldPrintTalkFiguresBesideOurs()
    {
        // Arrange
        var rows = SeedReference.All(2026, 12).Select(reference => (reference, calculator.Compare(reference.Input))).ToList();

        // Act
        var table = CostReportFormatter.FormatSeedTable(rows);

        // Assert
        Assert.Contains("v2", table, StringComparison.Ordinal);
        Assert.Contains("$60.00", table, StringComparison.Ordinal);
        Assert.Contains("$100.00", table, StringComparison.Ordinal);
        Assert.Contains("$196.00", table, StringComparison.Ordinal);
        Assert.Contains("$145.88", table, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatComparison_WhenPriced_ShouldShowBothColumnsTotalsAndSavings()
    {
        // Arrange
        var comparison = calculator.Compare(Economy());

        // Act
        var report = CostReportFormatter.FormatComparison(comparison);

        // Assert
        Assert.Contains("276 h awake", report, StringComparison.Ordinal);
        Assert.Contains("$201.80", report, StringComparison.Ordinal);
        Assert.Contains("$145.88", report, StringComparison.Ordinal);
        Assert.Contains("Saved by the schedule: $55.93", report, StringComparison.Ordinal);
    }

    private static BackendCostInput Economy() =>
        SeedReference.All(2026, 12).Single(reference => reference.Name == "v3 economy").Input;
}
