using System;
using Fxs.Core.Ivr;
using Fxs.Core.Line;

namespace Fxs.Core.Tests.Ivr
{
    /// <summary>TP-1, TP-2, TP-3, TP-4: the line's numbers as the IVR is configured with them.</summary>
    public class LineConfigurationTests
    {
        [Fact]
        public void TP1_TP2_ContractAdditionalAndNotifyNumbers()
        {
            var line = new LineConfiguration("0300001111", new[] { "0300002222", "0300003333" }, "0300003333", ServiceArea.East);
            Assert.Equal("0300001111", line.ContractNumber);
            Assert.Equal(2, line.AdditionalCount);
            Assert.Equal("0300002222", line.AdditionalNumber(0));
            Assert.False(line.NotifyIsContract);
            Assert.Equal("0300003333", line.NotifyNumber);
            Assert.True(new LineConfiguration("0300001111", null, "0300001111", ServiceArea.West).NotifyIsContract);
        }

        [Fact]
        public void TP2_TheNotifyNumberMustBeANumberOfTheLine()
        {
            Assert.Throws<ArgumentException>(() => new LineConfiguration("0300001111", new[] { "0300002222" }, "0300009999", ServiceArea.East));
        }

        [Theory]
        [InlineData("03-0000-1111")]
        [InlineData("")]
        [InlineData("0123456789012345")] // 16 digits
        public void TP3_NumbersAreDigitsOnly(string bad)
        {
            Assert.Throws<ArgumentException>(() => new LineConfiguration(bad, null, bad, ServiceArea.East));
            Assert.Throws<ArgumentException>(() => new LineConfiguration("0300001111", new[] { bad }, "0300001111", ServiceArea.East));
        }

        [Fact]
        public void TP1_NoDuplicateNumbers()
        {
            Assert.Throws<ArgumentException>(() => new LineConfiguration("0300001111", new[] { "0300001111" }, "0300001111", ServiceArea.East));
            Assert.Throws<ArgumentException>(() => new LineConfiguration("0300001111", new[] { "0300002222", "0300002222" }, "0300001111", ServiceArea.East));
        }

        [Fact]
        public void TP4_BothAreasAccessNumbersAreRecognised()
        {
            Assert.True(LineConfiguration.IsAccessNumber("0363044747"));
            Assert.True(LineConfiguration.IsAccessNumber("0664806430"));
            Assert.False(LineConfiguration.IsAccessNumber("0363044748"));
            Assert.Equal("0664806430", new LineConfiguration("0300001111", null, "0300001111", ServiceArea.West).AccessNumber);
            Assert.Equal("0363044747", new LineConfiguration("0300001111", null, "0300001111", ServiceArea.East).AccessNumber);
        }

        [Fact]
        public void TP9_FindNumberComparesInPlace()
        {
            var line = new LineConfiguration("0300001111", new[] { "0300002222" }, "0300001111", ServiceArea.East);
            char[] buf = "0300002222xxxxx".ToCharArray();
            Assert.Same(line.AdditionalNumber(0), line.FindNumber(buf, 10));
            Assert.Null(line.FindNumber(buf, 9));
            Assert.Null(line.FindNumber(buf, 11));
        }
    }
}
