import {
  type AstNode,
  DefaultIndexManager,
  type LangiumDocument,
  type ReferenceDescription,
  type ReferenceInfo,
  type Stream,
  type URI,
} from 'langium';
import { referencesInOrder } from '../utils/ast-walk.js';

/** The part of Langium's reference description provider the index uses. */
interface InfoDescriber {
  createInfoDescriptions(refInfo: ReferenceInfo): ReferenceDescription[];
}

/**
 * Langium's index, with the reference index built on demand. Langium describes every linked reference of a
 * document after linking (its source and target paths and its range: a walk to the root per reference), which is a
 * sixth of the time to check a large program, and only "find references" and the relinking decision after another
 * document changed read it. A document's references are fixed once it is linked (relinking removes them first),
 * so describing them when first read gives the same descriptions as describing them eagerly.
 */
export class VplIndexManager extends DefaultIndexManager {
  private readonly pendingReferences = new Map<string, LangiumDocument>();

  override async updateReferences(document: LangiumDocument): Promise<void> {
    const uri = document.uri.toString();
    this.referenceIndex.delete(uri);
    this.pendingReferences.set(uri, document);
  }

  override removeReferences(uri: URI): void {
    super.removeReferences(uri);
    this.pendingReferences.delete(uri.toString());
  }

  override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
    for (const uri of [...this.pendingReferences.keys()]) this.describeReferences(uri);
    return super.findAllReferences(targetNode, astNodePath);
  }

  override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
    this.describeReferences(document.uri.toString());
    return super.isAffected(document, changedUris);
  }

  /** Builds the pending reference descriptions of one document, as Langium's provider does after linking. */
  private describeReferences(uri: string): void {
    const document = this.pendingReferences.get(uri);
    if (!document) return;
    this.pendingReferences.delete(uri);
    const services = this.serviceRegistry.getServices(document.uri);
    const describer = services.workspace.ReferenceDescriptionProvider as unknown as InfoDescriber;
    const descriptions: ReferenceDescription[] = [];
    for (const info of referencesInOrder(document.parseResult.value)) {
      if (!info.reference.error) descriptions.push(...describer.createInfoDescriptions(info));
    }
    this.referenceIndex.set(uri, descriptions);
  }
}
