// Maps a JSON pointer to a position in a TypeScript spec with the TypeScript compiler API: finds the
// object literal that is default-exported (directly or through defineExperiment / a const) and walks
// its property assignments, array elements, spreads and same-file const references.
import type ts from 'typescript';
import { parsePointer } from './json-pointer.ts';
import type { SourcePosition } from './loaded-spec.ts';

type TypeScript = typeof ts;

export function createTsLocator(tsApi: TypeScript, fileName: string, text: string) {
  const source = tsApi.createSourceFile(fileName, text, tsApi.ScriptTarget.Latest, true);
  const constants = collectConstInitializers(tsApi, source);

  /** Strips `(…)`, `as`, `satisfies`, `<T>`, `!` and follows identifiers to same-file consts. */
  const unwrap = (node: ts.Expression, seen = new Set<string>()): ts.Expression => {
    if (
      tsApi.isParenthesizedExpression(node) ||
      tsApi.isAsExpression(node) ||
      tsApi.isSatisfiesExpression(node) ||
      tsApi.isTypeAssertionExpression(node) ||
      tsApi.isNonNullExpression(node)
    ) {
      return unwrap(node.expression, seen);
    }
    if (tsApi.isIdentifier(node) && constants.has(node.text) && !seen.has(node.text)) {
      seen.add(node.text);
      return unwrap(constants.get(node.text)!, seen);
    }
    if (isDefineExperimentCall(tsApi, node)) {
      return unwrap(node.arguments[0], seen);
    }
    return node;
  };

  const root = findDefaultExport(tsApi, source);
  const rootNode = root === undefined ? undefined : unwrap(root);

  const findProperty = (literal: ts.ObjectLiteralExpression, key: string): ts.Node | undefined => {
    for (let i = literal.properties.length - 1; i >= 0; i--) {
      const property = literal.properties[i];
      if (tsApi.isSpreadAssignment(property)) {
        const spread = unwrap(property.expression);
        const found = tsApi.isObjectLiteralExpression(spread) ? findProperty(spread, key) : undefined;
        if (found !== undefined) return found;
      } else if (property.name !== undefined && propertyNameText(tsApi, property.name) === key) {
        return property;
      }
    }
    return undefined;
  };

  const locateNode = (pointer: string): ts.Node | undefined => {
    if (rootNode === undefined) return undefined;
    let value: ts.Expression = rootNode;
    let anchor: ts.Node = rootNode;
    for (const segment of parsePointer(pointer)) {
      if (tsApi.isObjectLiteralExpression(value)) {
        const property = findProperty(value, segment);
        if (property === undefined) return undefined;
        anchor = property;
        if (tsApi.isPropertyAssignment(property)) value = unwrap(property.initializer);
        else if (tsApi.isShorthandPropertyAssignment(property)) value = unwrap(property.name);
        else return undefined;
      } else if (tsApi.isArrayLiteralExpression(value) && /^\d+$/.test(segment)) {
        const element = value.elements[Number(segment)];
        if (element === undefined || tsApi.isSpreadElement(element)) return undefined;
        anchor = element;
        value = unwrap(element);
      } else {
        return undefined;
      }
    }
    return anchor;
  };

  return (pointer: string): SourcePosition | undefined => {
    const node = locateNode(pointer);
    if (node === undefined) return undefined;
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return { line: line + 1, column: character + 1 };
  };
}

function isDefineExperimentCall(tsApi: TypeScript, node: ts.Expression): node is ts.CallExpression {
  if (!tsApi.isCallExpression(node) || node.arguments.length === 0) return false;
  const callee = node.expression;
  const name = tsApi.isIdentifier(callee) ? callee.text : tsApi.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return name === 'defineExperiment';
}

function findDefaultExport(tsApi: TypeScript, source: ts.SourceFile): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (tsApi.isExportAssignment(statement) && !statement.isExportEquals) return statement.expression;
  }
  return undefined;
}

/** Top-level `const x = …` initializers, so `export default spec` and `{ ...base }` can be followed. */
function collectConstInitializers(tsApi: TypeScript, source: ts.SourceFile): Map<string, ts.Expression> {
  const constants = new Map<string, ts.Expression>();
  for (const statement of source.statements) {
    if (!tsApi.isVariableStatement(statement)) continue;
    if ((statement.declarationList.flags & tsApi.NodeFlags.Const) === 0) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (tsApi.isIdentifier(declaration.name) && declaration.initializer !== undefined) {
        constants.set(declaration.name.text, declaration.initializer);
      }
    }
  }
  return constants;
}

function propertyNameText(tsApi: TypeScript, name: ts.PropertyName): string | undefined {
  if (tsApi.isIdentifier(name) || tsApi.isStringLiteral(name) || tsApi.isNumericLiteral(name)) return name.text;
  if (tsApi.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (tsApi.isComputedPropertyName(name) && tsApi.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}
