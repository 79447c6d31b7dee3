using System;
using System.Collections.Generic;
using System.Linq;
using Fxs.Core.Ivr;
using Fxs.Core.Ivr.Prompts;

namespace Fxs.Core.Tests.Prompts
{
    /// <summary>The prompt catalogue: complete, word for word with the spec digest, kana-only readings.</summary>
    public class PromptCatalogueTests
    {
        public static IEnumerable<object[]> EveryPrompt()
        {
            return Enum.GetValues<PromptId>().Where(id => id != PromptId.None).Select(id => new object[] { id });
        }

        [Theory]
        [MemberData(nameof(EveryPrompt))]
        public void EveryPromptHasNameTextReadingAndFile(PromptId id)
        {
            Assert.Equal(id.ToString(), PromptCatalogue.Name(id));
            Assert.False(string.IsNullOrWhiteSpace(PromptCatalogue.Text(id)));
            Assert.False(string.IsNullOrWhiteSpace(PromptCatalogue.Reading(id)));
            Assert.Equal($"{(int)id:D2}-{id}.wav", PromptCatalogue.FileName(id));
        }

        [Fact]
        public void NoneAndUnknownIdsHaveNothing()
        {
            foreach (PromptId id in new[] { PromptId.None, (PromptId)20, (PromptId)100, (PromptId)(-1) })
            {
                Assert.Null(PromptCatalogue.Name(id));
                Assert.Null(PromptCatalogue.Text(id));
                Assert.Null(PromptCatalogue.Reading(id));
                Assert.Null(PromptCatalogue.FileName(id));
            }
        }

        [Fact]
        public void AtListsEveryPromptOnceInIdOrder()
        {
            var listed = Enumerable.Range(0, PromptCatalogue.Count).Select(PromptCatalogue.At).ToArray();
            Assert.Equal(Enum.GetValues<PromptId>().Where(id => id != PromptId.None).OrderBy(id => (int)id), listed);
            Assert.Throws<ArgumentOutOfRangeException>(() => PromptCatalogue.At(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => PromptCatalogue.At(PromptCatalogue.Count));
        }

        // Texts copied from ../shared/spec/temp-password-service.md (the digest quotes the guide;
        // TP-7's quote is wrapped over two lines there, joined here without the line break).
        [Theory]
        [InlineData(PromptId.UnitMenu, // TP-7
            "仮パスワードの設定を行います。仮パスワードを設定する単位を選択します。回線単位に設定する場合は1、電話番号単位に設定する場合は2、管理者／ユーザ単位に設定する場合は3を入力してください。")]
        [InlineData(PromptId.SetPasswordForNumber, // TP-8, after the number read back (△△△)
            "番の仮パスワードの設定を行います。設定したい仮パスワードを入力してください。")]
        [InlineData(PromptId.EnterPhoneNumber, // TP-9
            "仮パスワードを設定する電話番号を市外局番から入力し、最後に#を押してください。")]
        [InlineData(PromptId.ConfirmPassword, // TP-11
            "確認のためにもう一度仮パスワードを入力してください。")]
        [InlineData(PromptId.PasswordSet, // TP-12, after the number read back (△△△)
            "番の仮パスワードの設定が完了しました。ご利用ありがとうございました。")]
        [InlineData(PromptId.InvalidEntry, // TP-13
            "入力された番号が正しくありません。もう一度押してください。")]
        public void GuideTextsAreTheSpecsWordForWord(PromptId id, string expected)
        {
            Assert.Equal(expected, PromptCatalogue.Text(id));
        }

        [Fact]
        public void TooManyErrorsIsOurOwnPoliteClosingSentence()
        {
            // TP-14, product decision: not a guide text; asks the caller to hang up and call again.
            string text = PromptCatalogue.Text(PromptId.TooManyErrors)!;
            Assert.EndsWith("ください。", text);
            Assert.Contains("電話をお切りになり", text);
            Assert.Contains("おかけ直し", text);
        }

        [Fact]
        public void CannotSetNowSaysNothingWasSetAndToCallAgainLater()
        {
            // Issue #12, product decision: said in place of the completion when the record is not durable.
            string text = PromptCatalogue.Text(PromptId.CannotSetNow)!;
            Assert.StartsWith("申し訳ございませんが", text);
            Assert.Contains("仮パスワードの設定ができません", text);
            Assert.Contains("しばらくたってから", text);
            Assert.EndsWith("おかけ直しください。", text);
            Assert.DoesNotContain("完了", text);
        }

        [Theory]
        [MemberData(nameof(EveryPrompt))]
        public void ReadingsAreKanaOnly(PromptId id)
        {
            foreach (char c in PromptCatalogue.Reading(id)!)
            {
                bool kana = (c >= '\u3041' && c <= '\u309F') || (c >= '\u30A0' && c <= '\u30FF');
                Assert.True(kana || c == ' ' || c == '、' || c == '。', $"{id}: '{c}' (U+{(int)c:X4}) is not kana or a phrase mark");
            }
        }

        [Fact]
        public void GuideSymbolsAndMenuKeysAreReadAsNttGuidanceSaysThem()
        {
            Assert.Contains("しゃーぷを おしてください", PromptCatalogue.Reading(PromptId.EnterPhoneNumber));
            string menu = PromptCatalogue.Reading(PromptId.UnitMenu)!;
            Assert.Contains("ばあいわ いち、", menu);
            Assert.Contains("ばあいわ に、", menu);
            Assert.Contains("ばあいわ さんを", menu);
        }

        [Fact]
        public void DigitsReadBackOneWordEach()
        {
            // Issue #13 item 9: 2 and 5 with long vowels, as digits in a row are read (two morae each).
            string[] words = { "ぜろ", "いち", "にー", "さん", "よん", "ごー", "ろく", "なな", "はち", "きゅう" };
            for (int d = 0; d <= 9; d++)
            {
                PromptId id = PromptCatalogue.DigitPrompt(d);
                Assert.Equal(PromptId.Digit0 + d, id);
                Assert.Equal(id, PromptCatalogue.DigitPrompt((char)('0' + d)));
                Assert.Equal(d.ToString(), PromptCatalogue.Text(id));
                Assert.Equal(words[d], PromptCatalogue.Reading(id));
            }
            Assert.Equal(PromptId.None, PromptCatalogue.DigitPrompt('#'));
            Assert.Equal(PromptId.None, PromptCatalogue.DigitPrompt('*'));
            Assert.Throws<ArgumentOutOfRangeException>(() => PromptCatalogue.DigitPrompt(10));
            Assert.Throws<ArgumentOutOfRangeException>(() => PromptCatalogue.DigitPrompt(-1));
        }

        [Fact]
        public void TheGroupPauseShowsAsAHyphenAndIsReadAsAPause()
        {
            // Issue #13 item 9: a transcript of a read-back shows the number as written (03-0000-1111…).
            Assert.Equal("-", PromptCatalogue.Text(PromptId.GroupPause));
            Assert.Equal("、", PromptCatalogue.Reading(PromptId.GroupPause));
            Assert.Equal("09-GroupPause.wav", PromptCatalogue.FileName(PromptId.GroupPause));
            Assert.InRange(PromptCatalogue.GroupPauseMs, 300, 600);
        }
    }
}
