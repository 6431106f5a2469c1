import { describe, expect, it } from 'vitest';
import { chooseImage } from './images.ts';

const java = {
  imageParameter: 'JAVA_VERSION',
  images: [
    { label: 'Java 21', image: 'ghcr.io/eggs/java:21' },
    { label: 'Java 17', image: 'ghcr.io/eggs/java:17' },
    { label: 'Java 8', image: 'ghcr.io/eggs/java:8' },
  ],
};

describe('chooseImage', () => {
  it("takes the image the parameter's value names, by label word", () => {
    expect(chooseImage(java, { JAVA_VERSION: '17' }).image).toBe('ghcr.io/eggs/java:17');
    expect(chooseImage(java, { JAVA_VERSION: '8' }).image).toBe('ghcr.io/eggs/java:8');
    expect(chooseImage(java, { JAVA_VERSION: 'java 8' }).image).toBe('ghcr.io/eggs/java:8');
  });

  it('prefers an explicit value over label matching', () => {
    const template = {
      imageParameter: 'RUNTIME',
      images: [
        { label: 'Default', image: 'img:default' },
        { label: 'Stable', image: 'img:stable', value: 'lts' },
        { label: 'Preview lts', image: 'img:preview' },
      ],
    };
    expect(chooseImage(template, { RUNTIME: 'lts' }).image).toBe('img:stable');
    expect(chooseImage(template, { RUNTIME: 'preview lts' }).image).toBe('img:preview');
    // An image with a value is matched by its value only.
    expect(chooseImage(template, { RUNTIME: 'stable' }).image).toBe('img:default');
  });

  it('falls back to the first image', () => {
    expect(chooseImage(java, { JAVA_VERSION: '11' }).image).toBe('ghcr.io/eggs/java:21');
    expect(chooseImage(java, {}).image).toBe('ghcr.io/eggs/java:21');
    expect(chooseImage({ images: java.images }, { JAVA_VERSION: '8' }).image).toBe(
      'ghcr.io/eggs/java:21',
    );
  });
});
