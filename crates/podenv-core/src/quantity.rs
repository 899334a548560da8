//! Kubernetes resource quantities (`resource.Quantity`), exactly, without floating point.
//!
//! A quantity is kept as a sign, a decimal mantissa (digits) and a power-of-ten exponent,
//! together with the format family it was written in and, like upstream, the original
//! text when that text was already in canonical form (upstream prints that text back
//! verbatim, which matters when the API server compares a divisor's printed form).

use std::cmp::Ordering;
use std::fmt;

/// The three notations a quantity can be written (and is printed back) in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityFormat {
    /// `12e6`, `1E-3`.
    DecimalExponent,
    /// `12Mi` (powers of 1024).
    BinarySI,
    /// `12M`, `500m`, `3` (powers of 1000, and plain numbers).
    DecimalSI,
}

/// Why a quantity string was refused; `Display` gives upstream's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityError {
    /// The text does not have the shape number + suffix.
    FormatWrong,
    /// The number part could not be read.
    Numeric,
    /// The suffix is not one of the known ones.
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::FormatWrong => f.write_str(
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ),
            QuantityError::Numeric => f.write_str("unable to parse numeric part of quantity"),
            QuantityError::Suffix => f.write_str("unable to parse quantity's suffix"),
        }
    }
}

impl std::error::Error for QuantityError {}

/// An exact resource quantity.
///
/// The value is `(-1)^negative * digits * 10^exp`; `digits` holds decimal digits (most
/// significant first) with no leading or trailing zeros, and is empty for zero.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    negative: bool,
    digits: Vec<u8>,
    exp: i64,
    format: QuantityFormat,
    /// The text upstream would print back unchanged (set only when parsing found it canonical).
    cached: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Decimal digit arithmetic on magnitudes (digits most significant first, values 0..=9).
// ---------------------------------------------------------------------------------------

fn trim_leading_zeros(mut d: Vec<u8>) -> Vec<u8> {
    let n = d.iter().take_while(|&&x| x == 0).count();
    d.drain(..n);
    d
}

/// Removes leading zeros and moves trailing zeros into the exponent.
fn normalize(digits: Vec<u8>, exp: i64) -> (Vec<u8>, i64) {
    let mut d = trim_leading_zeros(digits);
    let trailing = d.iter().rev().take_while(|&&x| x == 0).count();
    d.truncate(d.len() - trailing);
    if d.is_empty() {
        (d, 0)
    } else {
        (d, exp.saturating_add(trailing as i64))
    }
}

fn mul_small(d: &[u8], m: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(d.len() + 10);
    let mut carry: u64 = 0;
    for &x in d.iter().rev() {
        let v = u64::from(x) * u64::from(m) + carry;
        out.push((v % 10) as u8);
        carry = v / 10;
    }
    while carry > 0 {
        out.push((carry % 10) as u8);
        carry /= 10;
    }
    out.reverse();
    trim_leading_zeros(out)
}

fn divmod_small(d: &[u8], m: u32) -> (Vec<u8>, u32) {
    let m = u64::from(m.max(1));
    let mut out = Vec::with_capacity(d.len());
    let mut rem: u64 = 0;
    for &x in d {
        let v = rem * 10 + u64::from(x);
        out.push((v / m) as u8);
        rem = v % m;
    }
    (trim_leading_zeros(out), rem as u32)
}

fn increment(d: &[u8]) -> Vec<u8> {
    let mut out = d.to_vec();
    for x in out.iter_mut().rev() {
        if *x == 9 {
            *x = 0;
        } else {
            *x += 1;
            return out;
        }
    }
    out.insert(0, 1);
    out
}

fn digits_of(mut n: u128) -> Vec<u8> {
    let mut out = Vec::new();
    while n > 0 {
        out.push((n % 10) as u8);
        n /= 10;
    }
    out.reverse();
    out
}

fn digits_to_string(d: &[u8]) -> String {
    if d.is_empty() {
        return "0".to_string();
    }
    d.iter().map(|&x| char::from(b'0' + x)).collect()
}

/// Compares two magnitudes `a.0 * 10^a.1` and `b.0 * 10^b.1` (normalized digits).
fn cmp_magnitude(a: (&[u8], i64), b: (&[u8], i64)) -> Ordering {
    match (a.0.is_empty(), b.0.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        (false, false) => {}
    }
    let top_a = (a.0.len() as i64).saturating_add(a.1);
    let top_b = (b.0.len() as i64).saturating_add(b.1);
    if top_a != top_b {
        return top_a.cmp(&top_b);
    }
    for i in 0..a.0.len().max(b.0.len()) {
        let x = a.0.get(i).copied().unwrap_or(0);
        let y = b.0.get(i).copied().unwrap_or(0);
        if x != y {
            return x.cmp(&y);
        }
    }
    Ordering::Equal
}

/// Rounds a magnitude away from zero so that its exponent is at least `target`.
fn round_away(digits: &[u8], exp: i64, target: i64) -> (Vec<u8>, i64) {
    if digits.is_empty() || exp >= target {
        return (digits.to_vec(), exp);
    }
    let drop = target.saturating_sub(exp);
    let len = digits.len() as i64;
    if drop >= len {
        // Everything is below the target unit and the value is not zero.
        return (vec![1], target);
    }
    let keep = &digits[..(len - drop) as usize];
    let dropped_nonzero = digits[(len - drop) as usize..].iter().any(|&x| x != 0);
    let kept = if dropped_nonzero {
        increment(keep)
    } else {
        keep.to_vec()
    };
    normalize(kept, target)
}

/// The magnitude scaled by `10^shift` and rounded up to a whole number, as a `u128`
/// (anything beyond 10^20 comes back as `u128::MAX`; callers saturate to `i64`).
fn ceil_magnitude(digits: &[u8], exp: i64, shift: i64) -> u128 {
    if digits.is_empty() {
        return 0;
    }
    let t = exp.saturating_add(shift);
    let int_len = (digits.len() as i64).saturating_add(t);
    if int_len > 20 {
        return u128::MAX;
    }
    let mut v: u128 = 0;
    if t >= 0 {
        for &d in digits {
            v = v * 10 + u128::from(d);
        }
        for _ in 0..t {
            v *= 10;
        }
        return v;
    }
    let keep = int_len.max(0) as usize;
    for &d in &digits[..keep] {
        v = v * 10 + u128::from(d);
    }
    // Digits are normalized, so a fractional part is never all zeros.
    v + 1
}

fn saturate_i64(negative: bool, magnitude: u128) -> i64 {
    if negative {
        if magnitude >= 1u128 << 63 {
            i64::MIN
        } else {
            -(i64::try_from(magnitude).unwrap_or(i64::MAX))
        }
    } else {
        i64::try_from(magnitude).unwrap_or(i64::MAX)
    }
}

const MAX_INT64_DIGITS: [u8; 19] = [9, 2, 2, 3, 3, 7, 2, 0, 3, 6, 8, 5, 4, 7, 7, 5, 8, 0, 7];

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// The pieces upstream's scanner cuts a quantity string into.
struct Parts<'a> {
    positive: bool,
    /// Integer digits with leading zeros removed (`"0"` when none remain).
    num: &'a str,
    /// Fraction digits as written.
    denom: &'a str,
    suffix: &'a str,
    /// Whether the number part contains any digit at all (`"."` does not).
    has_digits: bool,
}

/// Mirrors `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go` `parseQuantityString`:
/// sign, leading zeros, integer digits, optional `.` and fraction digits, then suffix letters
/// (`eEinumkKMGTP`), an optional sign and digits. Anything else is `FormatWrong`.
fn split_quantity(s: &str) -> Result<Parts<'_>, QuantityError> {
    let b = s.as_bytes();
    let end = b.len();
    let mut positive = true;
    let mut pos = 0usize;
    match b.first() {
        Some(b'-') => {
            positive = false;
            pos += 1;
        }
        Some(b'+') => pos += 1,
        _ => {}
    }
    // Leading zeros; a string of only zeros (or only a sign) is zero.
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok(Parts {
            positive,
            num: "0",
            denom: "",
            suffix: "",
            has_digits: true,
        });
    }
    let zeros_seen = pos > usize::from(!positive || b.first() == Some(&b'+'));
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let mut num = &s[num_start..pos];
    let mut has_digits = zeros_seen || !num.is_empty();
    if num.is_empty() {
        num = "0";
    }
    let mut denom = "";
    if pos < end && b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[denom_start..pos];
        has_digits = has_digits || !denom.is_empty();
    }
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < end && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < end {
        return Err(QuantityError::FormatWrong);
    }
    Ok(Parts {
        positive,
        num,
        denom,
        suffix: &s[suffix_start..],
        has_digits,
    })
}

/// Mirrors `staging/src/k8s.io/apimachinery/pkg/api/resource/suffix.go` `suffixHandler.interpret`:
/// decimal SI suffixes (`n u m "" k M G T P E`), binary ones (`Ki`..`Ei`), or `e`/`E` followed by a
/// signed 64-bit decimal exponent that is then truncated to 32 bits as upstream does. Returns
/// (base, exponent, format).
fn interpret_suffix(s: &str) -> Option<(u32, i32, QuantityFormat)> {
    use QuantityFormat::*;
    let found = match s {
        "" => (10, 0, DecimalSI),
        "n" => (10, -9, DecimalSI),
        "u" => (10, -6, DecimalSI),
        "m" => (10, -3, DecimalSI),
        "k" => (10, 3, DecimalSI),
        "M" => (10, 6, DecimalSI),
        "G" => (10, 9, DecimalSI),
        "T" => (10, 12, DecimalSI),
        "P" => (10, 15, DecimalSI),
        "E" => (10, 18, DecimalSI),
        "Ki" => (2, 10, BinarySI),
        "Mi" => (2, 20, BinarySI),
        "Gi" => (2, 30, BinarySI),
        "Ti" => (2, 40, BinarySI),
        "Pi" => (2, 50, BinarySI),
        "Ei" => (2, 60, BinarySI),
        _ => {
            let rest = s.strip_prefix('e').or_else(|| s.strip_prefix('E'))?;
            if rest.is_empty() {
                return None;
            }
            let parsed: i64 = rest.parse().ok()?;
            (10, parsed as i32, DecimalExponent)
        }
    };
    Some(found)
}

/// Spec R1-R5/A7: mirrors `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`
/// `ParseQuantity`.
///
/// Accepts `[+-]digits[.digits]suffix`; oddities upstream accepts are kept: a bare sign, `.`, `+.`
/// or leading zeros parse (`-` is zero); `1.` and `1.G` parse. Values finer than a nano-unit are
/// rounded up (away from zero) to `1n`; binary-suffixed values are capped at 2^63-1 and a binary
/// value between 0 and 1 switches to decimal notation. As upstream, a 19-digit number that does not
/// fit a signed 64-bit integer is refused as `Numeric`.
pub fn parse_quantity(s: &str) -> Result<Quantity, QuantityError> {
    if s.is_empty() {
        return Err(QuantityError::FormatWrong);
    }
    if s == "0" {
        return Ok(Quantity {
            negative: false,
            digits: Vec::new(),
            exp: 0,
            format: QuantityFormat::DecimalSI,
            cached: Some("0".to_string()),
        });
    }
    let parts = split_quantity(s)?;
    let (base, exponent, format) = interpret_suffix(parts.suffix).ok_or(QuantityError::Suffix)?;

    // Fast path: the value fits a 64-bit integer at a scale of at least nano.
    let precision: i64;
    let mut scale: i32 = 0;
    let mut mantissa: i64 = 1;
    match format {
        QuantityFormat::DecimalExponent | QuantityFormat::DecimalSI => {
            scale = exponent;
            precision = 19 - (parts.num.len() + parts.denom.len()) as i64;
        }
        QuantityFormat::BinarySI => {
            if exponent >= 0 && parts.denom.is_empty() {
                mantissa = 1i64 << exponent.clamp(0, 62);
                precision = 15 - parts.num.len() as i64 - i64::from(exponent) * 3 / 10 - 1;
            } else {
                precision = -1;
            }
        }
    }
    if precision >= 0 {
        scale = scale.wrapping_sub(parts.denom.len() as i32);
        if scale >= -9 {
            let shifted = format!("{}{}", parts.num, parts.denom);
            let value: i64 = shifted.parse().map_err(|_| QuantityError::Numeric)?;
            if let Some(result) = value.checked_mul(mantissa) {
                let canonical_input = match format {
                    QuantityFormat::BinarySI => exponent % 10 == 0 && value & 0x07 != 0,
                    _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
                };
                let (digits, exp) = normalize(
                    digits_of(u128::from(result.unsigned_abs())),
                    i64::from(scale),
                );
                return Ok(Quantity {
                    negative: !parts.positive && !digits.is_empty(),
                    digits,
                    exp,
                    format,
                    cached: canonical_input.then(|| s.to_string()),
                });
            }
        }
    }

    // Exact decimal path.
    if !parts.has_digits {
        return Err(QuantityError::Numeric);
    }
    let mut raw: Vec<u8> = parts
        .num
        .bytes()
        .chain(parts.denom.bytes())
        .map(|c| c - b'0')
        .collect();
    let mut inf_scale = parts.denom.len() as i32;
    if base == 10 {
        inf_scale = inf_scale.wrapping_add(exponent.wrapping_neg());
    } else {
        for _ in 0..exponent / 10 {
            raw = mul_small(&raw, 1024);
        }
    }
    let (mut digits, mut exp) = normalize(raw, -i64::from(inf_scale));
    if !digits.is_empty() && exp < -9 {
        (digits, exp) = round_away(&digits, exp, -9);
    }
    let mut format = format;
    if format == QuantityFormat::BinarySI {
        if cmp_magnitude((&digits, exp), (&MAX_INT64_DIGITS, 0)) == Ordering::Greater {
            digits = MAX_INT64_DIGITS.to_vec();
            exp = 0;
        }
        if !digits.is_empty() && cmp_magnitude((&digits, exp), (&[1], 0)) == Ordering::Less {
            format = QuantityFormat::DecimalSI;
        }
    }
    Ok(Quantity {
        negative: !parts.positive && !digits.is_empty(),
        digits,
        exp,
        format,
        cached: None,
    })
}

impl Quantity {
    /// The format family the quantity prints in.
    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    /// Spec R2/R4: mirrors `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`
    /// `Quantity.IsZero`.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Spec R3: mirrors `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`
    /// `Quantity.Value`: whole units, rounded up; negative values round away from zero (upstream's
    /// 64-bit path). Saturates at the `i64` range where upstream would overflow.
    pub fn value(&self) -> i64 {
        saturate_i64(self.negative, ceil_magnitude(&self.digits, self.exp, 0))
    }

    /// Spec R3: mirrors `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`
    /// `Quantity.MilliValue`: thousandths, rounded up as [`Quantity::value`], saturating.
    pub fn milli_value(&self) -> i64 {
        saturate_i64(self.negative, ceil_magnitude(&self.digits, self.exp, 3))
    }

    /// Spec A7: mirrors `pkg/apis/core/v1/defaults.go` `SetDefaults_ResourceList`, i.e.
    /// `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go` `Quantity.RoundUp(Milli)`:
    /// anything finer than a milli-unit is rounded up (away from zero) to whole milli-units; the
    /// format is kept. A value that needed rounding loses its remembered text and prints
    /// canonically afterwards.
    pub fn round_up_to_milli(&self) -> Quantity {
        if self.exp >= -3 {
            return self.clone();
        }
        let (digits, exp) = round_away(&self.digits, self.exp, -3);
        Quantity {
            negative: self.negative,
            digits,
            exp,
            format: self.format,
            cached: None,
        }
    }

    /// Spec R2: mirrors `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`
    /// `Quantity.String` / `CanonicalizeBytes`.
    ///
    /// Text that was already canonical when parsed is returned as written (so `+1Mi` stays `+1Mi`).
    /// Otherwise: zero is `0`; decimal forms use the largest exponent that is a multiple of three
    /// without losing digits (`1000m` -> `1`, `1000` -> `1k`, `0.5` -> `500m`, `1e3` stays `1e3`);
    /// a binary value prints with the largest power of 1024 (`1024Ki` -> `1Mi`), unless it is below
    /// 1024 in magnitude or not whole, in which case it prints in decimal SI. As upstream, a
    /// decimal SI exponent beyond `E` (10^18) or below `n` has no suffix, so the suffix is simply
    /// left off.
    pub fn canonical_string(&self) -> String {
        if let Some(text) = &self.cached {
            return text.clone();
        }
        if self.is_zero() {
            return "0".to_string();
        }
        let sign = if self.negative { "-" } else { "" };
        let mut format = self.format;
        if format == QuantityFormat::BinarySI {
            let below_1024 =
                cmp_magnitude((&self.digits, self.exp), (&[1, 0, 2, 4], 0)) == Ordering::Less;
            let integral = self.exp >= 0;
            let materializable = (self.digits.len() as i64).saturating_add(self.exp) <= 40;
            if below_1024 || !integral || !materializable {
                format = QuantityFormat::DecimalSI;
            }
        }
        if format == QuantityFormat::BinarySI {
            let mut n = self.digits.clone();
            n.extend(std::iter::repeat_n(
                0u8,
                usize::try_from(self.exp).unwrap_or(0),
            ));
            let mut times = 0;
            loop {
                let (q, r) = divmod_small(&n, 1024);
                if r != 0 || q.is_empty() {
                    break;
                }
                n = q;
                times += 1;
            }
            let suffix = match times {
                1 => "Ki",
                2 => "Mi",
                3 => "Gi",
                4 => "Ti",
                5 => "Pi",
                6 => "Ei",
                _ => "",
            };
            return format!("{sign}{}{suffix}", digits_to_string(&n));
        }
        let mut digits = self.digits.clone();
        let mut exp = self.exp;
        while exp.rem_euclid(3) != 0 {
            digits.push(0);
            exp -= 1;
        }
        let suffix = match format {
            QuantityFormat::DecimalExponent => {
                if exp == 0 {
                    String::new()
                } else {
                    format!("e{exp}")
                }
            }
            _ => match exp {
                -9 => "n",
                -6 => "u",
                -3 => "m",
                3 => "k",
                6 => "M",
                9 => "G",
                12 => "T",
                15 => "P",
                18 => "E",
                _ => "",
            }
            .to_string(),
        };
        format!("{sign}{}{suffix}", digits_to_string(&digits))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical_string())
    }
}

/// Go's float64 -> int64 conversion as executed on amd64 (`CVTTSD2SQ`): NaN and values
/// outside the int64 range give the "integer indefinite" value, i64::MIN.
fn go_amd64_f64_to_i64(x: f64) -> i64 {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if (-TWO_POW_63..TWO_POW_63).contains(&x) {
        x as i64
    } else {
        // NaN lands here too.
        i64::MIN
    }
}

/// Spec R3 (TV75-TV85): mirrors `pkg/api/v1/resource/helpers.go`
/// `ExtractContainerResourceValue` with `convertResourceCPUToString` /
/// `convertResource{Memory,HugePages,EphemeralStorage}ToString`.
///
/// A zero divisor counts as `1`. CPU: `ceil(MilliValue / divisor.MilliValue)`; everything
/// else: `ceil(Value / divisor.Value)`, both computed in `f64` like upstream, then printed
/// as a base-10 integer. A ratio beyond the `i64` range prints as upstream does on amd64
/// (`-9223372036854775808`).
pub fn divide_round_up(quantity: &Quantity, divisor: &Quantity, is_cpu: bool) -> String {
    let (num, den) = if divisor.is_zero() {
        if is_cpu {
            (quantity.milli_value(), 1000)
        } else {
            (quantity.value(), 1)
        }
    } else if is_cpu {
        (quantity.milli_value(), divisor.milli_value())
    } else {
        (quantity.value(), divisor.value())
    };
    let ratio = (num as f64 / den as f64).ceil();
    go_amd64_f64_to_i64(ratio).to_string()
}

const CPU_DIVISORS: [&str; 2] = ["1m", "1"];
const BYTE_DIVISORS: [&str; 13] = [
    "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
];
const HUGEPAGES_REQUESTS_PREFIX: &str = "requests.hugepages-";
const HUGEPAGES_LIMITS_PREFIX: &str = "limits.hugepages-";

/// Spec R2: mirrors `pkg/apis/core/validation/validation.go` `validateContainerResourceDivisor`.
///
/// A zero (unset) divisor is always allowed. CPU resources allow `1m` and `1`; memory,
/// ephemeral-storage and hugepages resources allow `1`, `1k`..`1E`, `1Ki`..`1Ei`; the
/// divisor's printed form ([`Quantity::canonical_string`]) is what is compared, so `1000m`
/// counts as `1` but `+1Mi` does not count as `1Mi`. Other resource names carry no divisor
/// rule here (they are refused by [`is_allowed_env_resource`]).
pub fn is_allowed_divisor(resource: &str, divisor: &Quantity) -> bool {
    if divisor.is_zero() {
        return true;
    }
    let printed = divisor.canonical_string();
    match resource {
        "limits.cpu" | "requests.cpu" => CPU_DIVISORS.contains(&printed.as_str()),
        "limits.memory"
        | "requests.memory"
        | "limits.ephemeral-storage"
        | "requests.ephemeral-storage" => BYTE_DIVISORS.contains(&printed.as_str()),
        r if r.starts_with(HUGEPAGES_REQUESTS_PREFIX) || r.starts_with(HUGEPAGES_LIMITS_PREFIX) => {
            BYTE_DIVISORS.contains(&printed.as_str())
        }
        _ => true,
    }
}

/// Spec R1: mirrors `pkg/apis/core/validation/validation.go`
/// `validContainerResourceFieldPathExpressions` plus the hugepages prefixes accepted by
/// `validateContainerResourceFieldSelector` for env: `limits.`/`requests.` + `cpu`, `memory`,
/// `ephemeral-storage`, or any name starting with `requests.hugepages-` / `limits.hugepages-`.
pub fn is_allowed_env_resource(resource: &str) -> bool {
    matches!(
        resource,
        "limits.cpu"
            | "limits.memory"
            | "limits.ephemeral-storage"
            | "requests.cpu"
            | "requests.memory"
            | "requests.ephemeral-storage"
    ) || resource.starts_with(HUGEPAGES_REQUESTS_PREFIX)
        || resource.starts_with(HUGEPAGES_LIMITS_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        match parse_quantity(s) {
            Ok(q) => q,
            Err(e) => panic!("{s:?} did not parse: {e}"),
        }
    }

    fn canon(s: &str) -> String {
        q(s).canonical_string()
    }

    #[test]
    fn parse_emit_canonical() {
        // Upstream TestQuantityParseEmit plus the brief's examples.
        let cases = [
            ("1Ki", "1Ki"),
            ("1Mi", "1Mi"),
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1000M", "1G"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
            ("1000m", "1"),
            ("1000", "1k"),
            ("1024Ki", "1Mi"),
            ("0.5", "500m"),
            ("1e3", "1e3"),
            ("1.5Gi", "1536Mi"),
            ("1.5", "1500m"),
            ("300Mi", "300Mi"),
            ("307200Ki", "300Mi"),
            ("1025024Mi", "1001Gi"),
            ("5000m", "5"),
            ("0.001T", "1G"),
            ("1000u", "1m"),
            ("1.08", "1080m"),
            ("1080000000n", "1080m"),
            (".001e12", "1e9"),
            ("0.001e0", "1e-3"),
            ("1000e-12", "1e-9"),
            ("00", "0"),
            ("100m", "100m"),
            ("3.001n", "4n"),
            ("1.1E-9", "2e-9"),
            ("0.0000000001", "1n"),
            ("0.00000012345", "124n"),
            ("9Ei", "9223372036854775807"),
            ("9223372036854775807Ki", "9223372036854775807"),
            ("12E", "12E"),
            ("100.035Ki", "102435840m"),
            ("0.5Mi", "512Ki"),
            ("0.000000000001Ki", "2n"),
            (".001", "1m"),
            (".0001k", "100m"),
            ("1.3E+6", "1300e3"),
            ("10e2", "1e3"),
            ("1000E", "1"),
            ("128974848", "128974848"),
            ("129e6", "129e6"),
            ("129M", "129M"),
            ("123Mi", "123Mi"),
            ("1", "1"),
            ("-1", "-1"),
            ("-1000m", "-1"),
            ("-1.5Gi", "-1536Mi"),
            ("-0.5", "-500m"),
        ];
        for (input, want) in cases {
            assert_eq!(canon(input), want, "{input}");
        }
    }

    /// Upstream TestQuantityString: the canonical text round-trips verbatim.
    #[test]
    fn canonical_inputs_are_kept_verbatim() {
        for s in [
            "1Gi", "300Mi", "6Ki", "1001Gi", "1Ti", "5", "500m", "1G", "1m", "80m", "1080m",
            "300M", "1T", "1234567M", "1234567m", "3k", "1025", "0", "1e9", "1e-3", "1e-9",
            "80e-3", "300e6", "1e12", "1e3", "3e3", "1n", "80n", "1080n", "1u", "80u", "1080u",
        ] {
            assert_eq!(canon(s), s);
        }
        // Quirk kept from upstream: canonical-looking input is remembered as written.
        assert_eq!(canon("+1Mi"), "+1Mi");
        assert_eq!(canon("01k"), "01k");
        assert_eq!(canon("1E3"), "1E3");
        assert_eq!(canon("1e0"), "1e0");
        assert_eq!(canon("1."), "1.");
        assert_eq!(canon("1.G"), "1.G");
        // ... but not when rewriting changes it.
        assert_eq!(canon("+1024Ki"), "1Mi");
        assert_eq!(canon("8Ki"), "8Ki");
    }

    #[test]
    fn parse_values_match_upstream_table() {
        // (input, milli value) from upstream TestQuantityParse.
        let cases: [(&str, i64); 22] = [
            ("0", 0),
            ("0n", 0),
            ("0Ki", 0),
            ("1Ki", 1_024_000),
            ("7Mi", 7 * 1024 * 1024 * 1000),
            ("5n", 1),
            ("4u", 1),
            ("3m", 3),
            ("50k", 50_000_000),
            ("100.035k", 100_035_000),
            ("0.0005k", 500),
            ("1.2e3", 1_200_000),
            ("1.3E+6", 1_300_000_000),
            ("9.01", 9010),
            ("8.1k", 8_100_000),
            ("7.123456M", 7_123_456_000),
            ("1E-3", 1),
            ("0.5e-1", 50),
            ("0.025Ti", 27_487_790_694_400),
            ("0.05Gi", 53_687_091_200),
            ("-3.01", -3010),
            ("+2.5", 2500),
        ];
        for (input, milli) in cases {
            assert_eq!(q(input).milli_value(), milli, "{input}");
        }
        assert_eq!(q("3Ei").value(), 3 * (1i64 << 60));
        assert_eq!(q("1E").value(), 1_000_000_000_000_000_000);
        assert_eq!(q("0.000000000001Ki").format(), QuantityFormat::DecimalSI);
        assert_eq!(q("0.5Mi").format(), QuantityFormat::BinarySI);
        assert_eq!(q("1e3").format(), QuantityFormat::DecimalExponent);
        assert_eq!(q("1E").format(), QuantityFormat::DecimalSI);
    }

    #[test]
    fn parse_errors() {
        assert_eq!(parse_quantity(""), Err(QuantityError::FormatWrong));
        assert_eq!(parse_quantity("1.2.3"), Err(QuantityError::FormatWrong));
        assert_eq!(parse_quantity("10Xi"), Err(QuantityError::FormatWrong));
        for bad in ["1.1.M", "1+1.0M", "aoeu", "0.1am", " 1", "1 ", "1 Gi", "1ü"] {
            assert_eq!(
                parse_quantity(bad),
                Err(QuantityError::FormatWrong),
                "{bad:?}"
            );
        }
        for bad in [
            "0.1mi",
            "-3.01e-",
            ".5i",
            "1i",
            "-3.01i",
            "1e",
            "1e+",
            "1K",
            "1Ki5",
            "1kk",
            "1e9223372036854775808",
        ] {
            assert_eq!(parse_quantity(bad), Err(QuantityError::Suffix), "{bad:?}");
        }
        // 19 digits that overflow int64 are refused upstream (ParseInt fails, no fallback).
        assert_eq!(
            parse_quantity("9999999999999999999"),
            Err(QuantityError::Numeric)
        );
        // No digits at all on the exact path.
        assert_eq!(parse_quantity(".Ei"), Err(QuantityError::Numeric));
        assert_eq!(parse_quantity("-.Pi"), Err(QuantityError::Numeric));
        assert_eq!(
            QuantityError::FormatWrong.to_string(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
        assert_eq!(
            QuantityError::Suffix.to_string(),
            "unable to parse quantity's suffix"
        );
        assert_eq!(
            QuantityError::Numeric.to_string(),
            "unable to parse numeric part of quantity"
        );
    }

    /// Upstream parses a bare sign, `.` and `+.` as zero (the scanner stops before finding
    /// any digit and the fast path reads "0").
    #[test]
    fn bare_sign_and_dot_are_zero() {
        for s in ["-", "+", ".", "+.", "-.", "-0", "000", "0.0", "-.Ti", ".Ki"] {
            let v = q(s);
            assert!(v.is_zero(), "{s}");
            assert_eq!(v.canonical_string(), "0", "{s}");
        }
    }

    #[test]
    fn value_and_milli_value_round_up() {
        assert_eq!(q("500m").value(), 1);
        assert_eq!(q("1001m").value(), 2);
        assert_eq!(q("1n").milli_value(), 1);
        assert_eq!(q("1n").value(), 1);
        assert_eq!(q("2").milli_value(), 2000);
        assert_eq!(q("-1.5").value(), -2);
        assert_eq!(q("0").value(), 0);
    }

    #[test]
    fn huge_values_saturate() {
        assert_eq!(q("1e100").value(), i64::MAX);
        assert_eq!(q("1e100").milli_value(), i64::MAX);
        assert_eq!(q("-1e100").value(), i64::MIN);
        assert_eq!(q("99999999999999999999999").value(), i64::MAX);
        assert_eq!(q("9223372036854775807").value(), i64::MAX);
        assert_eq!(q("9223372036854775807").milli_value(), i64::MAX);
        assert_eq!(
            q("9223372036854775").milli_value(),
            9_223_372_036_854_775_000
        );
        assert_eq!(q("8Ei").value(), i64::MAX);
        assert_eq!(q("1e2147483647").canonical_string(), "10e2147483646");
        assert_eq!(q("1e2147483646").canonical_string(), "1e2147483646");
        // The exponent is truncated to 32 bits like upstream: 2^32 + 3 -> 3, 2^63 - 1 -> -1.
        assert_eq!(q("1e4294967299").value(), 1000);
        assert_eq!(q("1e9223372036854775807").milli_value(), 100);
        assert_eq!(q("1e9223372036854775807").value(), 1);
        // Upstream's scale arithmetic wraps for -2^31, turning the value huge; no panic here.
        assert_eq!(q("1e-2147483648").value(), i64::MAX);
        assert!(!q("1e-2147483648").canonical_string().is_empty());
        assert_eq!(
            divide_round_up(&q("1e30"), &q("1"), false),
            "-9223372036854775808"
        );
        assert_eq!(
            divide_round_up(&q("1e30"), &q("1m"), true),
            "-9223372036854775808"
        );
    }

    #[test]
    fn round_up_to_milli() {
        assert_eq!(q("1n").round_up_to_milli().canonical_string(), "1m");
        assert_eq!(q("1500u").round_up_to_milli().canonical_string(), "2m");
        assert_eq!(q("0.0001").round_up_to_milli().canonical_string(), "1m");
        assert_eq!(q("-1n").round_up_to_milli().canonical_string(), "-1m");
        assert_eq!(q("1.0001").round_up_to_milli().canonical_string(), "1001m");
        // Already at milli precision: unchanged, remembered text kept.
        assert_eq!(q("+100m").round_up_to_milli().canonical_string(), "+100m");
        assert_eq!(q("128Mi").round_up_to_milli(), q("128Mi"));
        assert_eq!(q("1.5Gi").round_up_to_milli().canonical_string(), "1536Mi");
        assert_eq!(
            q("1.001Ki").round_up_to_milli().canonical_string(),
            "1025024m"
        );
    }

    /// Spec TV75-TV85 arithmetic.
    #[test]
    fn divide_round_up_vectors() {
        let zero = q("0");
        assert_eq!(divide_round_up(&q("500m"), &zero, true), "1"); // TV75
        assert_eq!(divide_round_up(&q("500m"), &q("1m"), true), "500"); // TV76
        assert_eq!(divide_round_up(&q("2"), &q("1m"), true), "2000"); // TV77
        assert_eq!(divide_round_up(&q("128Mi"), &zero, false), "134217728"); // TV78
        assert_eq!(divide_round_up(&q("128Mi"), &q("1Mi"), false), "128"); // TV79
        assert_eq!(divide_round_up(&q("100M"), &q("1Mi"), false), "96"); // TV80
        assert_eq!(divide_round_up(&q("1Gi"), &q("1G"), false), "2"); // TV81
        assert_eq!(divide_round_up(&q("3920m"), &zero, true), "4"); // TV82
        assert_eq!(divide_round_up(&q("3920m"), &q("1m"), true), "3920"); // TV82
        assert_eq!(divide_round_up(&q("7Gi"), &q("1Mi"), false), "7168"); // TV82
        assert_eq!(divide_round_up(&zero, &zero, true), "0"); // TV83
        assert_eq!(divide_round_up(&zero, &zero, false), "0"); // TV83
        assert_eq!(divide_round_up(&q("2"), &zero, true), "2"); // TV84
        assert_eq!(divide_round_up(&q("4Mi"), &q("1Mi"), false), "4"); // TV85
        assert_eq!(divide_round_up(&q("250m"), &q("1"), true), "1");
        assert_eq!(divide_round_up(&q("1"), &q("1"), true), "1");
        assert_eq!(divide_round_up(&q("1.5"), &q("1"), false), "2");
    }

    #[test]
    fn divisor_table() {
        let d = |s: &str| q(s);
        for r in ["limits.cpu", "requests.cpu"] {
            assert!(is_allowed_divisor(r, &d("1m")));
            assert!(is_allowed_divisor(r, &d("1")));
            assert!(is_allowed_divisor(r, &d("1000m")));
            assert!(is_allowed_divisor(r, &d("0.001")));
            assert!(is_allowed_divisor(r, &d("0")));
            assert!(!is_allowed_divisor(r, &d("1k")));
            assert!(!is_allowed_divisor(r, &d("10m")));
            assert!(!is_allowed_divisor(r, &d("1Mi")));
            assert!(!is_allowed_divisor(r, &d("+1")));
        }
        for r in [
            "limits.memory",
            "requests.memory",
            "limits.ephemeral-storage",
            "requests.ephemeral-storage",
            "limits.hugepages-2Mi",
            "requests.hugepages-1Gi",
        ] {
            for ok in [
                "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
                "1024Ki", "1000", "0",
            ] {
                assert!(is_allowed_divisor(r, &d(ok)), "{r} {ok}");
            }
            for bad in ["1m", "2", "1e3", "+1Mi", "1.5Ki", "10Mi"] {
                assert!(!is_allowed_divisor(r, &d(bad)), "{r} {bad}");
            }
        }
        assert!(is_allowed_divisor("limits.nvidia.com/gpu", &d("7")));
    }

    #[test]
    fn env_resources() {
        for ok in [
            "limits.cpu",
            "limits.memory",
            "limits.ephemeral-storage",
            "requests.cpu",
            "requests.memory",
            "requests.ephemeral-storage",
            "limits.hugepages-2Mi",
            "requests.hugepages-1Gi",
            "requests.hugepages-",
        ] {
            assert!(is_allowed_env_resource(ok), "{ok}");
        }
        for bad in [
            "cpu",
            "limits.storage",
            "limits.nvidia.com/gpu",
            "limits.pods",
            "Limits.cpu",
            "hugepages-2Mi",
            "",
        ] {
            assert!(!is_allowed_env_resource(bad), "{bad}");
        }
    }

    #[test]
    fn display_is_canonical() {
        assert_eq!(q("1024Ki").to_string(), "1Mi");
        assert_eq!(format!("{}", q("0.5")), "500m");
    }
}
