"""Every built-in rule, listed explicitly (grep finds them all), and the table a run looks rules up in.

A run needs the code, name, formats and opt-in flag of every rule to select some, but the classes of
only those it runs: importing all ~100 rule modules is a good part of a cold start (a pre-commit run on
a small file). So `rules_by_code()` answers from `_catalog` (generated from `builtin_rules()` by
`python -m ftlint._dev.generate`; a test fails when it is stale) and imports a rule's module the first
time its class is asked for.

Plugins (`ftlint.rules.plugins`) join the table through `use_plugins`: the config layer loads a run's
plugins before it reads any rule's options, and from then on `rules_by_code()` holds their rules too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING

from ftlint.rules._catalog import CATALOG
from ftlint.rules._table import DuplicateRuleCodeError, RuleEntry, RuleTable

_PACKAGE = "ftlint.rules."

if TYPE_CHECKING:
    from ftlint.core.rule import Rule
    from ftlint.rules.plugins import Plugin

# The plugins of this run (a process runs one command), set by `use_plugins`.
_plugins: tuple[Plugin, ...] = ()


@cache
def builtin_rules() -> tuple[type[Rule], ...]:
    """Every built-in rule class, in catalog order; imports every rule module."""
    from ftlint.rules.chat.alpaca_empty import AlpacaEmptyField
    from ftlint.rules.chat.assistant_first import AssistantFirst
    from ftlint.rules.chat.content_and_tool_calls import ContentAndToolCalls
    from ftlint.rules.chat.empty_content import EmptyContent
    from ftlint.rules.chat.invalid_weight import InvalidWeight
    from ftlint.rules.chat.last_not_assistant import LastMessageNotAssistant
    from ftlint.rules.chat.no_assistant import NoAssistantMessage
    from ftlint.rules.chat.same_role_twice import SameRoleTwice
    from ftlint.rules.chat.several_system_messages import SeveralSystemMessages
    from ftlint.rules.chat.sharegpt_empty_value import ShareGptEmptyValue
    from ftlint.rules.chat.sharegpt_last_turn import ShareGptLastNotModel
    from ftlint.rules.chat.sharegpt_tools import ShareGptToolsNotJson
    from ftlint.rules.chat.sharegpt_turn_order import ShareGptTurnOrder
    from ftlint.rules.chat.sharegpt_unknown_tag import ShareGptUnknownTag
    from ftlint.rules.chat.system_not_first import SystemNotFirst
    from ftlint.rules.chat.system_not_supported import SystemNotSupported
    from ftlint.rules.chat.unknown_part_type import UnknownContentPart
    from ftlint.rules.chat.unknown_role import UnknownRole
    from ftlint.rules.classification.detected import ClassificationDetected
    from ftlint.rules.classification.imbalance import ClassImbalance
    from ftlint.rules.classification.multi_token import LabelNotSingleToken
    from ftlint.rules.classification.small_class import SmallClass
    from ftlint.rules.classification.variants import LabelVariants
    from ftlint.rules.file.blank_line import BlankLine
    from ftlint.rules.file.compressed import CompressedFile
    from ftlint.rules.file.cr_line_ends import CrLineEnds
    from ftlint.rules.file.duplicate_key import DuplicateKey
    from ftlint.rules.file.empty_file import EmptyFile
    from ftlint.rules.file.invalid_json import InvalidJson
    from ftlint.rules.file.invalid_utf8 import InvalidUtf8
    from ftlint.rules.file.json_not_jsonl import JsonNotJsonl
    from ftlint.rules.file.line_ends import CrlfLineEnds
    from ftlint.rules.file.not_an_object import NotAnObject
    from ftlint.rules.file.not_utf8_encoding import Utf16OrUtf32
    from ftlint.rules.file.table_not_jsonl import TableNotJsonl
    from ftlint.rules.file.unreadable import UnreadableFile
    from ftlint.rules.file.utf8_bom import Utf8Bom
    from ftlint.rules.images.assistant_image import ImageInAssistantMessage
    from ftlint.rules.images.detail import InvalidImageDetail
    from ftlint.rules.images.image_examples import TooManyImageExamples
    from ftlint.rules.images.image_url import InvalidImageUrl
    from ftlint.rules.images.local_path import LocalImagePath
    from ftlint.rules.images.media_placeholders import MediaPlaceholderCount
    from ftlint.rules.images.text_only_model import ModelTakesNoImages
    from ftlint.rules.images.too_large import ImageTooLarge
    from ftlint.rules.images.too_many import TooManyImages
    from ftlint.rules.preference.dpo_input import DpoInputNotEndingWithUser
    from ftlint.rules.preference.dpo_output import DpoOutputNotOneTurn
    from ftlint.rules.preference.dpo_text import DpoOutputNotText
    from ftlint.rules.preference.identical import IdenticalPreferencePair
    from ftlint.rules.preference.length_bias import LengthBias
    from ftlint.rules.preference.refusal_chosen import RefusalChosen
    from ftlint.rules.preference.reversed_pair import ReversedPair
    from ftlint.rules.preference.rft_last import RftLastNotUser
    from ftlint.rules.preference.trl_shape import TrlPreferenceShape
    from ftlint.rules.privacy.credit_card import CreditCardNumber
    from ftlint.rules.privacy.crypto_wallet import CryptoWallet
    from ftlint.rules.privacy.email_address import EmailAddress
    from ftlint.rules.privacy.iban import Iban
    from ftlint.rules.privacy.ip_address import IpAddress
    from ftlint.rules.privacy.location import Location
    from ftlint.rules.privacy.person_name import PersonName
    from ftlint.rules.privacy.phone_number import PhoneNumber
    from ftlint.rules.privacy.secret import LiveSecret
    from ftlint.rules.privacy.url_credentials import UrlCredentials
    from ftlint.rules.privacy.us_ssn import UsSocialSecurityNumber
    from ftlint.rules.prompt_completion.common_prefix import LongCommonPrefix
    from ftlint.rules.prompt_completion.completion_space import CompletionWithoutLeadingSpace
    from ftlint.rules.prompt_completion.empty_completion import EmptyCompletion
    from ftlint.rules.prompt_completion.empty_prompts import SomePromptsEmpty
    from ftlint.rules.prompt_completion.identical import IdenticalPrompts
    from ftlint.rules.prompt_completion.no_separator import NoPromptSeparator
    from ftlint.rules.prompt_completion.no_stop import NoStopSequence
    from ftlint.rules.prompt_completion.separator_inside import SeparatorInsidePrompt
    from ftlint.rules.prompt_completion.stop_inside import StopInsideCompletion
    from ftlint.rules.prompt_completion.uppercase import MostlyUppercase
    from ftlint.rules.quality.benchmark_contamination import BenchmarkContamination
    from ftlint.rules.quality.contradiction import ContradictoryAnswers
    from ftlint.rules.quality.eval_overlap import EvalOverlap
    from ftlint.rules.quality.exact_duplicate import ExactDuplicate
    from ftlint.rules.quality.foreign_identity import ForeignIdentity
    from ftlint.rules.quality.invisible_characters import InvisibleCharacters
    from ftlint.rules.quality.leakage import TrainValidLeak
    from ftlint.rules.quality.mojibake import Mojibake
    from ftlint.rules.quality.near_duplicate import NearDuplicate
    from ftlint.rules.quality.outlier import LengthOutlier
    from ftlint.rules.quality.placeholders import TemplatePlaceholder
    from ftlint.rules.quality.refusals import RefusalAnswers
    from ftlint.rules.quality.repetition import RunawayRepetition
    from ftlint.rules.schema.format_not_trainable import FormatNotTrainable
    from ftlint.rules.schema.missing_key import MissingKey
    from ftlint.rules.schema.mixed_formats import MixedFormats
    from ftlint.rules.schema.sample_weight import SampleWeightAllOrNone
    from ftlint.rules.schema.unknown_format import UnknownFormat
    from ftlint.rules.schema.unknown_key import UnknownKey
    from ftlint.rules.schema.wrong_type import WrongType
    from ftlint.rules.tokens.assistant_mask_empty import AssistantMaskEmpty
    from ftlint.rules.tokens.example_too_long import ExampleTooLong
    from ftlint.rules.tokens.special_tokens import SpecialTokenInText
    from ftlint.rules.tokens.template_without_mask import TemplateCannotMask
    from ftlint.rules.tokens.too_few_examples import TooFewExamples
    from ftlint.rules.tokens.truncated_at_max_length import TruncatedAtMaxLength
    from ftlint.rules.tools.argument_schema import ArgumentsMismatchSchema
    from ftlint.rules.tools.arguments import ArgumentsNotJson
    from ftlint.rules.tools.arguments_object import ArgumentsNotString
    from ftlint.rules.tools.call_without_tools import CallWithoutTools
    from ftlint.rules.tools.deprecated import DeprecatedFunctions
    from ftlint.rules.tools.parallel import ParallelCallsDisabled
    from ftlint.rules.tools.tool_call import InvalidToolCall
    from ftlint.rules.tools.tool_call_id_format import ToolCallIdFormat
    from ftlint.rules.tools.tool_definition import InvalidToolDefinition
    from ftlint.rules.tools.unanswered import UnpairedToolCall
    from ftlint.rules.tools.unknown_function import UnknownFunction

    return (
        InvalidUtf8,
        Utf8Bom,
        Utf16OrUtf32,
        BlankLine,
        InvalidJson,
        NotAnObject,
        EmptyFile,
        JsonNotJsonl,
        TableNotJsonl,
        CrlfLineEnds,
        CrLineEnds,
        CompressedFile,
        UnreadableFile,
        DuplicateKey,
        MissingKey,
        WrongType,
        UnknownKey,
        MixedFormats,
        UnknownFormat,
        FormatNotTrainable,
        SampleWeightAllOrNone,
        UnknownRole,
        NoAssistantMessage,
        LastMessageNotAssistant,
        EmptyContent,
        SystemNotFirst,
        InvalidWeight,
        UnknownContentPart,
        ShareGptUnknownTag,
        ShareGptTurnOrder,
        ShareGptLastNotModel,
        ShareGptEmptyValue,
        ShareGptToolsNotJson,
        AlpacaEmptyField,
        ContentAndToolCalls,
        SeveralSystemMessages,
        SameRoleTwice,
        AssistantFirst,
        SystemNotSupported,
        InvalidToolDefinition,
        InvalidToolCall,
        ArgumentsNotJson,
        UnpairedToolCall,
        UnknownFunction,
        ArgumentsMismatchSchema,
        ParallelCallsDisabled,
        DeprecatedFunctions,
        ArgumentsNotString,
        CallWithoutTools,
        ToolCallIdFormat,
        InvalidImageUrl,
        InvalidImageDetail,
        ImageInAssistantMessage,
        TooManyImages,
        ImageTooLarge,
        LocalImagePath,
        TooManyImageExamples,
        MediaPlaceholderCount,
        ModelTakesNoImages,
        DpoOutputNotOneTurn,
        DpoInputNotEndingWithUser,
        IdenticalPreferencePair,
        DpoOutputNotText,
        TrlPreferenceShape,
        RftLastNotUser,
        LengthBias,
        RefusalChosen,
        ReversedPair,
        NoPromptSeparator,
        SeparatorInsidePrompt,
        CompletionWithoutLeadingSpace,
        NoStopSequence,
        StopInsideCompletion,
        LongCommonPrefix,
        MostlyUppercase,
        SomePromptsEmpty,
        EmptyCompletion,
        IdenticalPrompts,
        ExampleTooLong,
        TooFewExamples,
        SpecialTokenInText,
        TruncatedAtMaxLength,
        AssistantMaskEmpty,
        TemplateCannotMask,
        ClassificationDetected,
        ClassImbalance,
        SmallClass,
        LabelNotSingleToken,
        LabelVariants,
        ExactDuplicate,
        ContradictoryAnswers,
        TrainValidLeak,
        LengthOutlier,
        RefusalAnswers,
        InvisibleCharacters,
        Mojibake,
        TemplatePlaceholder,
        RunawayRepetition,
        NearDuplicate,
        ForeignIdentity,
        BenchmarkContamination,
        EvalOverlap,
        # PI
        EmailAddress,
        PhoneNumber,
        CreditCardNumber,
        UsSocialSecurityNumber,
        Iban,
        IpAddress,
        CryptoWallet,
        UrlCredentials,
        PersonName,
        Location,
        LiveSecret,
    )

FAMILIES = {
    "FL": "file and encoding",
    "SC": "schema per format",
    "CH": "chat semantics",
    "TL": "tools and functions",
    "IM": "images",
    "PC": "prompt/completion conventions",
    "PF": "preference and reinforcement",
    "TK": "tokens and limits",
    "CL": "classification",
    "PI": "privacy",
    "DQ": "data quality",
}


def use_plugins(plugins: Sequence[Plugin]) -> None:
    """Make these plugins' rules part of every table `rules_by_code()` gives from now on, replacing the
    plugins used before. DuplicateRuleCodeError names both rules when a code or a name is taken, and
    refuses a code in one of ftlint's families: those codes are ftlint's, now and in later versions (a
    rule ftlint adds must not break a plugin's users), and `--select FL` must mean ftlint's FL rules."""
    codes = {code: f"ftlint's {code} ({name})" for code, name, *_ in CATALOG}
    names = {name: f"ftlint's {code} ({name})" for code, name, *_ in CATALOG}
    for plugin in plugins:
        for rule in plugin.rules:
            this = f"{rule.code} ({rule.name}) of {plugin.origin}"
            if rule.code in codes:
                raise DuplicateRuleCodeError(f"rule code {rule.code} is used by both {codes[rule.code]} and {this}")
            family = next((prefix for prefix in FAMILIES if rule.code.startswith(prefix)), None)
            if family is not None:
                raise DuplicateRuleCodeError(
                    f"rule code {this} starts with {family}, the prefix of ftlint's own family "
                    f"({FAMILIES[family]}): its codes are ftlint's; give the plugin's rules a prefix of their own")
            if rule.name in names:
                raise DuplicateRuleCodeError(f"rule name {rule.name} is used by both {names[rule.name]} and {this}")
            codes[rule.code] = names[rule.name] = this
    global _plugins
    _plugins = tuple(plugins)


def rules_by_code(rules: Iterable[type[Rule]] | None = None) -> RuleTable:
    """Rules keyed by code (the built-in ones and the run's plugins' by default); two rules with one code
    is an error, whoever brought them."""
    if rules is None:
        builtin = (RuleEntry(code, name, _PACKAGE + module, *rest) for code, name, module, *rest in CATALOG)
        plugged = [(RuleEntry.of(rule, plugin.origin), rule) for plugin in _plugins for rule in plugin.rules]
        return RuleTable(chain(builtin, (entry for entry, _ in plugged)),
                         {entry.code: rule for entry, rule in plugged})
    given = tuple(rules)
    return RuleTable((RuleEntry.of(rule) for rule in given), {rule.code: rule for rule in given})


def __getattr__(name: str) -> object:
    # `BUILTIN_RULES`, as before the table was lazy: the tests and the generator iterate the classes.
    if name == "BUILTIN_RULES":
        return builtin_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
